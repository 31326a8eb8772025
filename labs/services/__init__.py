"""Writes for labs, one module per concern (import the module that owns a function):

- datasets: the built-in catalog's files and staff uploads; answer_keys: the hidden labels
- curriculum: the built-in labs; references: reference models, trained once by a worker
- intake: uploads and regrade requests; grading_queue: publishing and the sweeper
- claims: who may grade which row (one or a batch); worker: grade and store a batch
- code_labs: the sandbox for code labs
"""

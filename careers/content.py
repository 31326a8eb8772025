"""The career content Lodestar ships with; the data migration and `seed_careers` load it.

Plain data, no Django imports, so a migration can read it without touching the live models.
"""

ROLES = [
    {
        "name": "Data Analyst",
        "average_salary_usd": 67_703,
        "summary": (
            "Turns raw numbers into answers: cleans data, writes SQL, builds dashboards and "
            "explains what changed and why. Many ML careers start here."
        ),
    },
    {
        "name": "Data Scientist",
        "average_salary_usd": 98_957,
        "summary": (
            "Asks questions of data with statistics and models, runs experiments and tells "
            "the business which bets are worth making."
        ),
    },
    {
        "name": "Machine Learning Specialist",
        "average_salary_usd": 92_019,
        "summary": (
            "Knows one corner of machine learning deeply (vision, language, forecasting) and "
            "tunes models for that domain, often inside a product or research team."
        ),
    },
    {
        "name": "Machine Learning Engineer",
        "average_salary_usd": 111_763,
        "summary": (
            "Takes models out of notebooks and into production: builds the pipelines, "
            "services and monitoring that let a model serve real users every day."
        ),
    },
    {
        "name": "Senior Machine Learning Engineer",
        "average_salary_usd": 150_564,
        "summary": (
            "Designs whole ML systems, chooses the trade-offs, reviews others' work and "
            "mentors the team; accountable for models that the company relies on."
        ),
    },
]

RESPONSIBILITIES = [
    {
        "title": "Designing and developing ML systems",
        "description": (
            "Deciding what the system must predict, where its data comes from, how it is "
            "trained and how its answers reach the product, then building each piece."
        ),
    },
    {
        "title": "Algorithm development",
        "description": (
            "Choosing, adapting and sometimes inventing the algorithms that fit the problem: "
            "from a well-tuned linear model to a neural network, and knowing when simple wins."
        ),
    },
    {
        "title": "Data analysis and visualization",
        "description": (
            "Exploring the data before trusting it: spotting gaps, bias and leaks, and drawing "
            "the charts that convince a teammate (or yourself) that a feature matters."
        ),
    },
    {
        "title": "Testing, optimizing and monitoring",
        "description": (
            "Checking models against held-out data, making them fast and cheap enough to run, "
            "and watching them in production so drift is caught before users notice."
        ),
    },
]

SKILLS = [
    {
        "name": "Programming",
        "description": (
            "Writing clear, tested code every day, mostly in Python, with enough comfort in a "
            "second language to read the systems your models plug into."
        ),
    },
    {
        "name": "Mathematics and statistics",
        "description": (
            "Linear algebra, probability and a little calculus: the tools that explain why a "
            "model learns, and how sure you can be of what it tells you."
        ),
    },
    {
        "name": "Machine learning algorithms",
        "description": (
            "Knowing the main families (regression, trees and ensembles, clustering, neural "
            "networks), what each assumes and how to evaluate it honestly."
        ),
    },
    {
        "name": "Data wrangling",
        "description": (
            "Loading, cleaning, joining and reshaping messy data with SQL and pandas; most of "
            "a real project's time goes here."
        ),
    },
    {
        "name": "Software engineering and deployment",
        "description": (
            "Version control, APIs, containers and pipelines: the craft that turns a good "
            "model into a dependable service."
        ),
    },
    {
        "name": "Communication",
        "description": (
            "Explaining results, limits and risks to people who do not read code, and "
            "listening well enough to solve the problem they actually have."
        ),
    },
]

LANGUAGES = [
    {
        "name": "Python",
        "typical_use": "Exploring data, training models, gluing systems together",
        "why_it_matters": (
            "The common language of machine learning. Its libraries (NumPy, pandas, "
            "scikit-learn, PyTorch) cover every step from loading data to serving a model, "
            "and its plain syntax lets you focus on the problem rather than the language."
        ),
    },
    {
        "name": "Java",
        "typical_use": "Large back-end systems and data platforms",
        "why_it_matters": (
            "Much of the world's enterprise software, and big-data tools such as Hadoop, "
            "Kafka and Spark, run on the JVM. Knowing Java lets you fit a model into the "
            "systems a company already has, with the speed and type safety they expect."
        ),
    },
    {
        "name": "C++",
        "typical_use": "Fast inference, libraries, devices at the edge",
        "why_it_matters": (
            "When every millisecond or milliwatt counts, C++ is the tool. The engines under "
            "TensorFlow and PyTorch are written in it, and it is how models get onto phones, "
            "cars and embedded chips."
        ),
    },
]

SYSTEM_TYPES = [
    {
        "name": "Real-time systems",
        "example": "Approving or blocking a card payment while the customer waits",
        "description": (
            "Answer a single request within milliseconds. The model sits behind an API, so "
            "speed and reliability matter as much as accuracy."
        ),
    },
    {
        "name": "Batch systems",
        "example": "Scoring every customer overnight for next week's campaign",
        "description": (
            "Process a large pile of data on a schedule. Latency is relaxed, so they can use "
            "heavier models, but they must finish on time and cope with bad rows."
        ),
    },
    {
        "name": "Stream processing systems",
        "example": "Spotting unusual sensor readings as they arrive from a factory",
        "description": (
            "Learn from or score an endless flow of events, keeping running state and "
            "reacting within seconds as the world changes."
        ),
    },
    {
        "name": "Embedded and edge systems",
        "example": "Wake-word detection on a smart speaker",
        "description": (
            "Run on the device itself, with little memory, power or connectivity. Models are "
            "shrunk and compiled so they work offline and keep data private."
        ),
    },
]

APPLICATIONS = [
    {
        "name": "Facial recognition",
        "description": (
            "Unlocking a phone, tagging friends in photos or speeding up a boarding gate: "
            "the system finds a face and decides whose it is."
        ),
        "how_it_works": (
            "A neural network turns each face into a list of numbers (an embedding) so that "
            "photos of the same person land close together; matching is then a distance check. "
            "Engineers also have to think hard about consent, privacy and bias."
        ),
    },
    {
        "name": "Spam filtering",
        "description": (
            "Keeping inboxes usable by sorting billions of messages a day into wanted and "
            "unwanted, and catching phishing before anyone clicks."
        ),
        "how_it_works": (
            "A classifier learns from words, links, senders and user reports which messages "
            "are spam, and is retrained constantly because spammers change tactics. You will "
            "build one in the Lodestar labs."
        ),
    },
    {
        "name": "Personalized recommendations",
        "description": (
            "The next song, film or product suggested just for you, the reason streaming and "
            "shopping sites feel like they know your taste."
        ),
        "how_it_works": (
            "Models learn from what similar people liked (collaborative filtering) and from "
            "the items themselves, then rank thousands of candidates in a fraction of a second."
        ),
    },
]

ENTRY_ROLES = [
    {
        "name": "Software Engineer",
        "how_it_leads_in": (
            "You already build and ship production code. Add statistics and model training, "
            "and the step to ML engineer is mostly about the data."
        ),
    },
    {
        "name": "Software Programmer",
        "how_it_leads_in": (
            "Daily practice in writing, debugging and reading code is the foundation every ML "
            "project stands on; the maths and ML tooling can be learned on top."
        ),
    },
    {
        "name": "Data Scientist",
        "how_it_leads_in": (
            "You know models and experiments. Learning deployment, testing and system design "
            "turns your prototypes into products."
        ),
    },
    {
        "name": "Computer Engineer",
        "how_it_leads_in": (
            "Hardware and systems knowledge is rare and valuable in ML, especially for edge "
            "devices and fast inference."
        ),
    },
]

STUDY_PATHS = [
    {
        "name": "Self-study",
        "summary": (
            "Online courses, books and your own projects, at your own pace and in your own order."
        ),
        "typical_duration": "1 to 2 years, part-time",
        "typical_cost": "Free to a few hundred dollars",
        "best_for": "Disciplined learners who already code",
        "pros": [
            "Costs little or nothing",
            "Fits around a job and family",
            "You choose exactly what to learn and in what depth",
        ],
        "cons": [
            "Easy to stall with no deadlines or feedback",
            "Hard to know what you are missing",
            "No credential or network to show employers",
        ],
    },
    {
        "name": "University degree",
        "summary": (
            "A bachelor's or master's in computer science, statistics or a related field, "
            "with deep theory and time to explore."
        ),
        "typical_duration": "2 to 4 years",
        "typical_cost": "Often tens of thousands of dollars",
        "best_for": "People starting out, or aiming at research roles",
        "pros": [
            "Deep grounding in mathematics and theory",
            "A widely recognised credential",
            "Research opportunities and a strong alumni network",
        ],
        "cons": [
            "Years of study and a high cost",
            "Courses can lag behind the tools used in industry",
            "Hard to combine with a full-time job",
        ],
    },
    {
        "name": "Bootcamp",
        "summary": (
            "An intensive, hands-on program such as Lodestar's, built around projects and "
            "feedback from working engineers."
        ),
        "typical_duration": "3 to 8 months",
        "typical_cost": "A few thousand to around fifteen thousand dollars",
        "best_for": "Career changers who want structure and speed",
        "pros": [
            "Fast, focused and practical",
            "Structure, deadlines and feedback on every lab",
            "A portfolio of real projects and a cohort to learn with",
        ],
        "cons": [
            "A demanding pace that leaves little slack",
            "Less theory than a degree",
            "Quality varies between bootcamps, so compare carefully",
        ],
    },
]

QUESTIONS = [
    {
        "question": "Do I need a computer science degree to become an ML engineer?",
        "answer": (
            "No. Many ML engineers came from physics, economics, software or analyst jobs. "
            "Employers look for evidence that you can do the work: code you wrote, models "
            "you evaluated honestly and systems you shipped.\n\n"
            "A degree helps with some employers and with research roles, but a strong "
            "portfolio opens plenty of doors."
        ),
    },
    {
        "question": "How much maths do I really need?",
        "answer": (
            "Enough to understand what your model is doing: vectors and matrices, "
            "probability, averages and spread, and the idea of a gradient. You do not need to "
            "prove theorems, and we teach the pieces as the labs need them."
        ),
    },
    {
        "question": "Which programming language should I learn first?",
        "answer": (
            "Python. Almost every ML library speaks it and it is the language of our labs. "
            "Pick up Java or C++ later if the systems you work on need them."
        ),
    },
    {
        "question": "What is the difference between a data scientist and an ML engineer?",
        "answer": (
            "A data scientist mostly asks questions of data and builds models to answer them. "
            "An ML engineer makes those models work reliably in production, at scale, every "
            "day. The two jobs overlap, and many people move from one to the other."
        ),
    },
    {
        "question": "How long does it take to get job-ready?",
        "answer": (
            "It depends on where you start. With some programming experience, a focused "
            "12-week full-time track or 30-week part-time track is enough to build a solid "
            "portfolio; self-study usually takes longer, a degree longer still."
        ),
    },
    {
        "question": "Can I study part-time while I keep my job?",
        "answer": (
            "Yes. Lodestar's 30-week Flexible track teaches the same labs as the 12-week "
            "Intensive track, spread over evenings and weekends."
        ),
    },
    {
        "question": "What kind of computer do I need?",
        "answer": (
            "Any recent laptop with 8 GB of memory will do. The lab datasets are small enough "
            "to train on a normal machine; no graphics card is needed."
        ),
    },
]

"""A seccomp filter, as raw BPF, that stops sandboxed code from starting processes.

RLIMIT_NPROC is not enforced for a worker that runs as root (even inside a user
namespace), so a fork bomb is stopped here instead: fork, vfork and clone without
CLONE_THREAD fail with EPERM, clone3 reports ENOSYS (the C library then falls back to
clone, so threads still work), and unshare, setns and ptrace are refused. bwrap loads the
program just before it starts the runner, so its own setup is not affected.
"""

from __future__ import annotations

import errno
import platform
import struct

# struct seccomp_data: int nr; __u32 arch; __u64 instruction_pointer; __u64 args[6];
_NR, _ARCH, _ARG0_LOW = 0, 4, 16
_LD_W_ABS = 0x20
_JEQ_K = 0x15
_JSET_K = 0x45
_JGE_K = 0x35
_RET_K = 0x06
_ALLOW = 0x7FFF0000
_KILL_PROCESS = 0x80000000
_ERRNO = 0x00050000
_CLONE_THREAD = 0x00010000
_X32_BIT = 0x40000000

# machine -> (audit arch, {syscall: number})
_ARCHES = {
    "x86_64": (
        0xC000003E,
        {
            "clone": 56,
            "fork": 57,
            "vfork": 58,
            "ptrace": 101,
            "unshare": 272,
            "setns": 308,
            "clone3": 435,
        },
    ),
    "aarch64": (
        0xC00000B7,
        {"clone": 220, "ptrace": 117, "unshare": 97, "setns": 268, "clone3": 435},
    ),
}


def is_supported() -> bool:
    return platform.machine() in _ARCHES


def _insn(code: int, jt: int, jf: int, k: int) -> bytes:
    return struct.pack("=HBBI", code, jt, jf, k)


def no_new_processes_filter() -> bytes:
    """The compiled filter for this machine (what bwrap's --seccomp reads from a file)."""
    machine = platform.machine()
    if machine not in _ARCHES:
        raise RuntimeError(f"no seccomp filter for the {machine} architecture")
    audit_arch, numbers = _ARCHES[machine]
    refuse = _ERRNO | errno.EPERM
    program = [
        _insn(_LD_W_ABS, 0, 0, _ARCH),
        _insn(_JEQ_K, 1, 0, audit_arch),
        _insn(_RET_K, 0, 0, _KILL_PROCESS),
        _insn(_LD_W_ABS, 0, 0, _NR),
    ]
    if machine == "x86_64":
        # x32 system calls would bypass the numbers below.
        program += [_insn(_JGE_K, 0, 1, _X32_BIT), _insn(_RET_K, 0, 0, refuse)]
    program += [
        _insn(_JEQ_K, 0, 1, numbers["clone3"]),
        _insn(_RET_K, 0, 0, _ERRNO | errno.ENOSYS),
        # clone: a thread (CLONE_THREAD set) is fine, a new process is not.
        _insn(_JEQ_K, 0, 4, numbers["clone"]),
        _insn(_LD_W_ABS, 0, 0, _ARG0_LOW),
        _insn(_JSET_K, 0, 1, _CLONE_THREAD),
        _insn(_RET_K, 0, 0, _ALLOW),
        _insn(_RET_K, 0, 0, refuse),
    ]
    for name in ("fork", "vfork", "unshare", "setns", "ptrace"):
        if name in numbers:
            program += [_insn(_JEQ_K, 0, 1, numbers[name]), _insn(_RET_K, 0, 0, refuse)]
    program.append(_insn(_RET_K, 0, 0, _ALLOW))
    return b"".join(program)

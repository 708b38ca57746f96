"""OS-level limits for the processes that evaluate queries: no outbound network, bounded memory.

pyoxigraph evaluates ``SERVICE`` and ``LOAD`` with its own Rust HTTP client (a plain
``std::net::TcpStream``), so replacing Python's ``socket`` would not stop it. The guard
(``guard.py``) refuses such queries on a real parse; this module makes that decision
unnecessary: a process that called ``deny_outbound`` cannot open any socket but a Unix one.

Two means, both Linux-only, used together where available:

* a **network namespace** of the process's own (``unshare(CLONE_NEWNET)``, as root or with
  unprivileged user namespaces): it has only a loopback interface that is down, so no address
  outside it can be reached. Only a single-threaded process can enter one, so it is used for
  the query workers (entered before they open the store), not for the server;
* a **seccomp filter** that makes ``socket()`` fail with ``EACCES`` for every address family
  but ``AF_UNIX`` (and ``io_uring_setup``, which could open sockets around it). It needs no
  privilege and is applied to the server process too (every thread, after the listening socket
  is bound), so ``/update`` and in-process evaluation cannot fetch either.

Where neither is available (another OS, a kernel without seccomp, a container that forbids
both), ``deny_outbound`` returns ``"none"`` and the server says so in ``/health`` and its log.
"""

from __future__ import annotations

import ctypes
import errno
import os
import platform
import resource
import socket
import struct

CLONE_NEWNET = 0x40000000
CLONE_NEWUSER = 0x10000000
PR_SET_NO_NEW_PRIVS = 38
SECCOMP_SET_MODE_FILTER = 1
SECCOMP_FILTER_FLAG_TSYNC = 1
SECCOMP_RET_ALLOW = 0x7FFF0000
SECCOMP_RET_ERRNO = 0x00050000
AF_UNIX = 1

# BPF opcodes
_LD_W_ABS = 0x20
_JEQ_K = 0x15
_JGE_K = 0x35
_RET_K = 0x06

#: machine -> (AUDIT_ARCH, socket, io_uring_setup, seccomp) syscall numbers.
_ARCH = {
    "x86_64": (0xC000003E, 41, 425, 317),
    "aarch64": (0xC00000B7, 198, 425, 277),
}


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def _filter_program(arch: int, nr_socket: int, nr_io_uring: int, x86: bool) -> bytes:
    """A classic-BPF seccomp program: socket(domain != AF_UNIX) and io_uring_setup → EACCES."""
    deny = SECCOMP_RET_ERRNO | errno.EACCES
    ins: list[tuple[int, int, int, int]] = [
        (_LD_W_ABS, 0, 0, 4),  # seccomp_data.arch
        (_JEQ_K, 1, 0, arch),
        (_RET_K, 0, 0, SECCOMP_RET_ALLOW),  # another ABI: not ours to judge
        (_LD_W_ABS, 0, 0, 0),  # seccomp_data.nr
    ]
    if x86:  # the x32 ABI numbers syscalls from 0x40000000: refuse it outright
        ins.append((_JGE_K, 0, 1, 0x40000000))
        ins.append((_RET_K, 0, 0, deny))
    ins += [
        (_JEQ_K, 0, 1, nr_io_uring),
        (_RET_K, 0, 0, deny),
        (_JEQ_K, 1, 0, nr_socket),
        (_RET_K, 0, 0, SECCOMP_RET_ALLOW),
        (_LD_W_ABS, 0, 0, 16),  # args[0] (the address family), low 32 bits
        (_JEQ_K, 0, 1, AF_UNIX),
        (_RET_K, 0, 0, SECCOMP_RET_ALLOW),
        (_RET_K, 0, 0, deny),
    ]
    return b"".join(struct.pack("HBBI", *i) for i in ins)


def _seccomp(all_threads: bool) -> bool:
    machine = platform.machine()
    if os.name != "posix" or machine not in _ARCH:
        return False
    arch, nr_socket, nr_io_uring, nr_seccomp = _ARCH[machine]
    program = _filter_program(arch, nr_socket, nr_io_uring, machine == "x86_64")
    count = len(program) // 8
    buffer = ctypes.create_string_buffer(program, len(program))

    class _Prog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    prog = _Prog(count, ctypes.addressof(buffer))
    libc = _libc()
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return False
    flags = SECCOMP_FILTER_FLAG_TSYNC if all_threads else 0
    result = libc.syscall(ctypes.c_long(nr_seccomp), ctypes.c_long(SECCOMP_SET_MODE_FILTER),
                          ctypes.c_long(flags), ctypes.byref(prog))
    return result == 0


def _network_namespace() -> bool:
    """Enter a network namespace of our own (single-threaded processes only)."""
    if platform.system() != "Linux":
        return False
    libc = _libc()
    if libc.unshare(CLONE_NEWNET) == 0:
        return True
    uid, gid = os.getuid(), os.getgid()
    if libc.unshare(CLONE_NEWUSER | CLONE_NEWNET) != 0:
        return False
    try:  # keep our own uid and gid inside, so the store's files stay ours
        with open("/proc/self/setgroups", "w") as f:
            f.write("deny")
        with open("/proc/self/uid_map", "w") as f:
            f.write(f"{uid} {uid} 1")
        with open("/proc/self/gid_map", "w") as f:
            f.write(f"{gid} {gid} 1")
    except OSError:
        pass
    return True


def deny_outbound(single_threaded: bool) -> str:
    """Make this process unable to open network sockets; say by which means.

    ``single_threaded`` allows entering a network namespace (a query worker before it opens
    the store); otherwise the seccomp filter is applied to every thread of the process.
    Returns "network namespace + seccomp", "seccomp", "network namespace" or "none".
    """
    means = []
    if single_threaded and _network_namespace():
        means.append("network namespace")
    if _seccomp(all_threads=not single_threaded):
        means.append("seccomp")
    return " + ".join(means) or "none"


def outbound_blocked() -> bool:
    """True when this process cannot open an IPv4 socket (what the tests and /health check)."""
    try:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    except OSError:
        return True
    sock.close()
    return False


def limit_memory(ceiling_bytes: int) -> None:
    """A hard backstop under the watchdog: the data segment may not grow past ``ceiling``.

    RLIMIT_DATA counts private writable mappings (the heap, anonymous maps), not the store's
    files or shared pages. The pool's watchdog stops a query at the ceiling first, with a
    clear status; this limit stops an allocation burst that outruns the watchdog's sampling.
    """
    if ceiling_bytes <= 0:
        return
    try:
        _soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
        limit = ceiling_bytes if hard == resource.RLIM_INFINITY else min(ceiling_bytes, hard)
        resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))
    except (ValueError, OSError):
        pass


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def rss_bytes(pid: int) -> int:
    """Resident set size of ``pid`` in bytes (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * _PAGE
    except (OSError, IndexError, ValueError):
        return 0


def raise_open_files_limit() -> int:
    """Raise the soft limit of open files to the hard one; the new soft limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and soft < hard:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
            soft = hard
        except (ValueError, OSError):
            pass
    return soft

# Runs a command on a pseudo-terminal and types one answer once the prompt ends in "confirm: ",
# the way a person would: after the program is listening (in raw mode), not before. Everything the
# program writes goes to stdout; the exit code is the program's (128 + signal when killed).
# Usage: python3 pty-answer.py <answer> <command> [args...]
import os
import pty
import sys

answer = sys.argv[1].encode()
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])

seen = b""
typed = False
while True:
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        break
    if not chunk:
        break
    sys.stdout.buffer.write(chunk)
    sys.stdout.flush()
    seen += chunk
    if not typed and seen.rstrip().endswith(b"confirm:"):
        os.write(fd, answer)
        typed = True

_, status = os.waitpid(pid, 0)
sys.exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status))

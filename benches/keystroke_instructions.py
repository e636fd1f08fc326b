#!/usr/bin/env python3
"""What one keystroke costs the language server, in instructions.

    python3 benches/keystroke_instructions.py [SHAPE...] [--keys N]

For each document shape (all five 1 MB shapes by default: notes,
footnotes, author-date, wikipedia, ai-export) the script generates the
document with `ibid debug gen-corpus`, then runs `ibid lsp` under valgrind's
callgrind twice: once opening the document and typing nothing, once typing
N characters (60 by default) one after another, each as its own
`didChange`, waiting for the diagnostics of every version before the next.
The difference divided by N is what a keystroke costs the whole server
process: the edit, the reparse, the analysis and publishing. It is typed in
three places: in the body, in a note two thirds into the notes, and at the
end of the last note.

Instruction counts do not depend on the machine's load, which makes them
the figure to compare builds with; the open itself varies by a few tens of
millions between runs, so N should stay large (each figure is then good to
about half a million). Needs valgrind; `IBID_BIN` picks another binary.
"""

import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHAPES = ["notes", "footnotes", "author-date", "wikipedia", "ai-export"]
PLACES = ["body", "note", "end"]


def notes_start(lines):
    """The first line of the notes at the end: the run of note-like or
    blank lines the document closes with."""
    note_like = re.compile(r"\s*(\[|\^|\d|↑|[\u2070-\u209f¹²³])")
    i = len(lines)
    while i > 1 and (not lines[i - 1].strip() or note_like.match(lines[i - 1])):
        i -= 1
    return i


def place(text, where):
    """Where to type, as an offset in characters."""
    lines = text.split("\n")
    first_note = notes_start(lines)
    start = len("\n".join(lines[:first_note]))
    if where == "body":
        # After the end of a sentence a third into the body.
        end = text[: start // 3].rfind(". ")
        if end < 0:
            raise RuntimeError("no sentence ends in the first third of the body")
        return end + 1
    if where == "note":
        line = first_note + (len(lines) - first_note) * 2 // 3
        at = len("\n".join(lines[:line])) + 1
        return text.index(" ", at) + 4
    return len(text.rstrip()) - 3


def utf16_position(text, offset):
    line = text.count("\n", 0, offset)
    line_start = text.rfind("\n", 0, offset) + 1
    return line, len(text[line_start:offset].encode("utf-16-le")) // 2


class Server:
    def __init__(self, binary, out):
        command = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", binary, "lsp"]
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )

    def send(self, message):
        body = json.dumps(message).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def receive(self):
        header = b""
        while not header.endswith(b"\r\n\r\n"):
            byte = self.process.stdout.read(1)
            if not byte:
                raise RuntimeError("the server closed its output")
            header += byte
        length = int(re.search(rb"Content-Length: (\d+)", header).group(1))
        return json.loads(self.process.stdout.read(length))

    def diagnostics_of(self, uri, version):
        while True:
            message = self.receive()
            if (
                message.get("method") == "textDocument/publishDiagnostics"
                and message["params"].get("uri") == uri
                and message["params"].get("version") == version
            ):
                return
            if "id" in message and "method" in message:
                self.send({"jsonrpc": "2.0", "id": message["id"], "result": None})


def run(binary, path, where, keys, out):
    text = open(path, encoding="utf-8").read()
    uri = "file://" + os.path.abspath(path)
    server = Server(binary, out)
    server.send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                 "params": {"processId": None, "rootUri": None, "capabilities": {}}})
    while server.receive().get("id") != 1:
        pass
    server.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    server.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}})
    server.diagnostics_of(uri, 1)
    line, character = utf16_position(text, place(text, where))
    for version in range(2, keys + 2):
        at = {"line": line, "character": character}
        server.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"range": {"start": at, "end": at}, "text": "x"}]}})
        character += 1
        server.diagnostics_of(uri, version)
    server.send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    while server.receive().get("id") != 2:
        pass
    server.send({"jsonrpc": "2.0", "method": "exit"})
    server.process.wait()
    return total(out)


def total(out):
    for line in open(out, encoding="utf-8", errors="replace"):
        if line.startswith("summary:") or line.startswith("totals:"):
            return int(line.split()[1])
    raise RuntimeError(f"no total in {out}")


def main():
    args = sys.argv[1:]
    keys = 60
    if "--keys" in args:
        i = args.index("--keys")
        keys = int(args[i + 1])
        del args[i : i + 2]
    shapes = args or SHAPES
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    binary = os.environ.get("IBID_BIN", os.path.join(target, "release", "ibid"))
    print(f"millions of instructions a keystroke ({keys} keystrokes less none, callgrind)\n")
    print("| shape | in the body | in a note | at the end of the last note |")
    print("| --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as work:
        for shape in shapes:
            folder = os.path.join(work, shape)
            subprocess.run([binary, "debug", "gen-corpus", folder, "--files", "1",
                            "--size", "1000000", "--shape", shape],
                           check=True, stdout=subprocess.DEVNULL)
            path = next(os.path.join(d, f) for d, _, fs in os.walk(folder) for f in fs)
            cells = []
            for where in PLACES:
                out = os.path.join(work, f"{shape}-{where}")
                idle = run(binary, path, where, 0, out + ".0")
                typed = run(binary, path, where, keys, out + ".n")
                cells.append(f"{(typed - idle) / keys / 1e6:.1f}")
            print(f"| {shape} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()

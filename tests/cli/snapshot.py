"""Records tests/cli/cases.json: the command's cases with the exit code and output the Rust binary gives now.

Run after changing the command on purpose (`python3 tests/cli/snapshot.py target/debug/jetwt`), then read the
diff of cases.json: it is the review of the change. Every door (Rust, Python, npm) must reproduce these outputs.
"""

import json
import pathlib
import re
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
KEYS = HERE.parent / "keys"


def substitute(text: str, tmp: str) -> str:
    return text.replace("{keys}", str(KEYS)).replace("{tmp}", tmp)


def unsubstitute(text: str, tmp: str) -> str:
    return text.replace(str(KEYS), "{keys}").replace(tmp, "{tmp}")


def main(binary: str) -> None:
    spec = json.loads((HERE / "cases.json").read_text())
    previous = ""
    with tempfile.TemporaryDirectory() as tmp:
        for case in spec["cases"]:
            stdin = previous if case.get("stdin_from_previous") else case.get("stdin", "")
            proc = subprocess.run([binary, *[substitute(a, tmp) for a in case["args"]]], input=stdin.encode(), capture_output=True, env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin"})
            out, err = proc.stdout.decode(), proc.stderr.decode()
            case["exit"] = proc.returncode
            if "stdout_regex" in case:
                assert re.search(case["stdout_regex"], out), (case["name"], out)
            elif "stdout_contains" in case:
                assert case["stdout_contains"] in out, (case["name"], out)
            else:
                case["stdout"] = unsubstitute(out, tmp)
            case["stderr"] = unsubstitute(err, tmp)
            previous = out
    (HERE / "cases.json").write_text(json.dumps(spec, indent=1, ensure_ascii=False) + "\n")
    print(f"recorded {len(spec['cases'])} cases")


if __name__ == "__main__":
    main(sys.argv[1])

"""Prints pyproject.toml's runtime requirements, or an extra's (`python requirements.py train`),
one a line, for `pip install -c constraints.txt -r -`: the Docker build installs dependencies
before copying the code, so those layers survive code edits."""

import sys
import tomllib
from pathlib import Path

project = tomllib.loads(Path("pyproject.toml").read_text(encoding="utf-8"))["project"]
extra = sys.argv[1] if len(sys.argv) > 1 else None
print("\n".join(project["optional-dependencies"][extra] if extra else project["dependencies"]))

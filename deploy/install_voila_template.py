"""Make the app's offline Voilà template visible in this Python environment and tell Voilà's server
extension to use it, so ``/user/NAME/voila/render/app.ipynb`` looks and works as ``run.py app``.

Run it with the Python of the students' environment after ``pip install backnotes`` (binder/postBuild
does; on TLJH: ``sudo /opt/tljh/user/bin/python deploy/install_voila_template.py``). It copies
``backnotes/data/voila/templates/backnotes`` into ``<prefix>/share/jupyter/voila/templates/`` (on
Jupyter's data path) and writes ``<prefix>/etc/jupyter/jupyter_server_config.d/backnotes-voila.json``.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path


def main(prefix: str = sys.prefix) -> Path:
    import backnotes

    source = Path(backnotes.__file__).parent / "data" / "voila" / "templates" / "backnotes"
    if not (source / "conf.json").is_file():
        raise SystemExit(f"the backnotes Voilà template is missing from this backnotes ({source})")
    target = Path(prefix) / "share" / "jupyter" / "voila" / "templates" / "backnotes"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target)
    config = Path(prefix) / "etc" / "jupyter" / "jupyter_server_config.d" / "backnotes-voila.json"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(json.dumps({"VoilaConfiguration": {"template": "backnotes", "theme": "light"}},
                                 indent=2) + "\n", encoding="utf-8")
    print(f"Voilà template installed in {target}; server setting in {config}")
    return target


if __name__ == "__main__":
    main(*sys.argv[1:2])

"""Re-applicable edit (issue 10): add the picture gallery cells to notebook 01 after the cell with id f19bb8bf.

    python tools/nb01_add_gallery.py notebooks/01_exercise_catalog.ipynb && .venv/bin/python tools/nbrun.py notebooks/01_exercise_catalog.ipynb
"""
import json, sys
path = sys.argv[1]
nb = json.load(open(path))
ids = [c["id"] for c in nb["cells"]]
if "a10gal01" in ids:
    sys.exit("already there")
at = ids.index("f19bb8bf") + 1
def md(cid, text):
    return {"cell_type": "markdown", "id": cid, "metadata": {}, "source": text.splitlines(keepends=True)}
def code(cid, text, check=False):
    meta = {"tags": ["nbval-check-output"]} if check else {}
    return {"cell_type": "code", "execution_count": None, "id": cid, "metadata": meta, "outputs": [],
            "source": text.splitlines(keepends=True)}
cells = [
    md("a10gal01", "### A picture of every exercise\n"
       "Each exercise is drawn from its start position (pale grey) to its end position, with an arrow for "
       "the movement. `backnotes.figures.gallery_svg()` draws all 11; `backnotes.figures.exercise_svg(id)` "
       "draws one, and in the browser card of section 5 that picture moves at the exercise's own pace "
       "(it stays still if your computer asks for reduced motion). Exercises done on each side are shown "
       "on the left side; the clamshell is seen from the feet and the ankle turns from the front, where "
       "their movement shows."),
    code("a10gal02", "from IPython.display import HTML\nfrom backnotes import figures\n\nHTML(figures.gallery_svg())"),
    md("a10gal03", "The pictures are data too. `backnotes.poses.keyframes` gives the joints of each position in "
       "metres, the floor at `y = 0`, computed from joint angles with segment lengths from Winter's "
       "anthropometric table (body height 1.70 m) and every angle inside normal range of motion (AAOS). "
       "In the glute bridge the pelvis rises while the feet stay down:"),
    code("a10gal04", 'from backnotes import poses\n\nk = poses.keyframes("glute-bridge")\n'
         'k.pivot(index="joint", columns="frame", values="y").loc[["pelvis", "knee_near", "heel_near"], ["start", "end"]].round(2) + 0.0',
         check=True),
]
nb["cells"][at:at] = cells
json.dump(nb, open(path, "w"), indent=1, ensure_ascii=False)
open(path, "a").write("\n")

import pytest
def test_probe(lab):
    nb = lab.open("02_build_a_routine")
    print("STATUS", nb.run_all())
    for e in nb.errors(): print("ERR", e)
    print("UNEXEC", nb.unexecuted_cells())

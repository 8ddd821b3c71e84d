"""Write notebooks/glossary.md from backnotes.glossary (the data lives in src/backnotes/data/glossary.toml)."""

from pathlib import Path

from backnotes.glossary import to_markdown

page = Path(__file__).resolve().parents[1] / "notebooks" / "glossary.md"
page.write_text(to_markdown() + "\n", encoding="utf-8")
print(f"wrote {page}")

"""Stage ``veille.nlp.v1``: sentences, tokens, lemmas, parse and named entities with spaCy.

Each language's model is loaded once, the first time a text in that language arrives, and kept
by the :class:`ModelRegistry` the pipeline owns. A language without a spaCy model package gets
veille's own named-entity recogniser where one ships (``resources/models/ner/<lang>``, trained by
``training/train_ner.py``) with a sentencizer, else a warning and a blank pipeline with a
sentencizer, so the later stages still run (on the gazetteer alone).
Segments of a batch are sent to ``nlp.pipe`` together, grouped by language. A segment longer
than ``settings.nlp_max_chars`` (a page that is one long line) is sent in pieces cut at sentence
ends, well within spaCy's ``max_length``, so the memory spaCy takes stays bounded whatever the
length of the text; the pieces' tokens and sentences are joined back with their offsets.
"""

from __future__ import annotations

import importlib
import logging
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace
from importlib import resources as _res
from pathlib import Path
from typing import Any

from ..errors import ModelError
from ..model import Analysis, Mention, Sentence, Token, index_at
from ..resources import Resources
from ..settings import Settings
from .base import Stage, register
from .language import ANALYSED

__all__ = ["ModelRegistry", "NlpStage", "pieces"]

log = logging.getLogger(__name__)

_NER_LABELS = {
    "PER": "PER",
    "PERSON": "PER",
    "ORG": "ORG",
    "LOC": "LOC",
    "GPE": "LOC",
    "FAC": "LOC",
    "NORP": "NORP",
    "MISC": "MISC",
    "PRODUCT": "MISC",
    "EVENT": "MISC",
}


def packaged_ner_dir() -> Path:
    """Where veille's own NER pipelines ship: one spaCy ``to_disk`` folder per language."""
    return Path(str(_res.files("veille.resources").joinpath("models/ner")))


class ModelRegistry:
    """spaCy pipelines by language, loaded on first use and kept for the process.

    ``ner_dir`` holds veille's own NER pipelines by language (default: the packaged ones), used
    where no spaCy model package is installed; ``own_ner=False`` goes without them."""

    def __init__(
        self, models: dict[str, str], ner_dir: Path | None = None, own_ner: bool = True
    ) -> None:
        self.models = dict(models)
        self.ner_dir = (ner_dir or packaged_ner_dir()) if own_ner else None
        self._loaded: dict[str, Any] = {}
        self.warnings: dict[str, str] = {}

    def get(self, lang: str) -> Any:
        if lang in self._loaded:
            return self._loaded[lang]
        import spacy

        package = self.models.get(lang)
        nlp: Any = None
        missing = ""
        if package:
            try:
                module = importlib.import_module(package)
                nlp = module.load()
            except ImportError:
                missing = f"no spaCy model package {package!r} installed for {lang!r}"
            except Exception as exc:  # a broken model package
                raise ModelError(f"cannot load spaCy model {package!r}: {exc}") from exc
        else:
            missing = f"no spaCy model for language {lang!r}"
        if nlp is None:
            nlp = self._own_ner(lang)
            if nlp is not None:
                msg = f"{missing}; using veille's own NER (no parse)"
            else:
                msg = f"{missing}; using a blank pipeline (no parse, no NER)"
            log.info(msg)
            self.warnings[lang] = msg
        if nlp is None:
            try:
                nlp = spacy.blank(lang)
            except Exception:
                nlp = spacy.blank("xx")
            nlp.add_pipe("sentencizer")
        self._loaded[lang] = nlp
        return nlp

    def _own_ner(self, lang: str) -> Any:
        """veille's trained NER for ``lang`` with a sentencizer, or None where none ships."""
        if self.ner_dir is None:
            return None
        path = Path(self.ner_dir) / lang
        if not (path / "meta.json").is_file():
            return None
        import spacy

        try:
            nlp = spacy.load(path)
        except Exception as exc:  # a damaged model folder is a broken install, not bad input
            raise ModelError(f"cannot load veille's NER model {path}: {exc}") from exc
        nlp.add_pipe("sentencizer", first=True)
        return nlp

    def has_model(self, lang: str) -> bool:
        nlp = self.get(lang)
        return "parser" in nlp.pipe_names or "ner" in nlp.pipe_names


class NlpStage(Stage):
    name = "veille.nlp.v1"
    requires = ("segments", "language")
    assigns = ("tokens", "sentences", "mentions")

    def __init__(self, settings: Settings, registry: ModelRegistry) -> None:
        self.settings = settings
        self.registry = registry

    def __call__(self, analysis: Analysis) -> Analysis:
        return self.process_batch([analysis])[0]

    def process_batch(self, analyses: Sequence[Analysis]) -> list[Analysis]:
        return self.process_batch_reporting(analyses, lambda _share: None)

    def process_batch_reporting(
        self, analyses: Sequence[Analysis], on_progress: Callable[[float], None]
    ) -> list[Analysis]:
        """Parse the batch; ``on_progress`` hears the share of its characters parsed."""
        # (analysis, segment, offset of the piece in the segment) by language
        jobs: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
        texts: dict[str, list[str]] = defaultdict(list)
        for a_idx, analysis in enumerate(analyses):
            for s_idx, seg in enumerate(analysis.segments):
                if seg.kind in ANALYSED:
                    lang = seg.language or analysis.language or "xx"
                    for offset, piece in pieces(seg.text, self.settings.nlp_max_chars):
                        jobs[lang].append((a_idx, s_idx, offset))
                        texts[lang].append(piece)
        parsed: dict[tuple[int, int], list[tuple[int, Any]]] = defaultdict(list)
        total = sum(len(t) for lang_texts in texts.values() for t in lang_texts)
        done = 0
        for lang, keys in jobs.items():
            nlp = self.registry.get(lang)
            nlp.max_length = max(nlp.max_length, self.settings.nlp_max_chars + 1)
            docs = nlp.pipe(texts[lang], batch_size=self.settings.batch_size)
            for (a_idx, s_idx, offset), doc in zip(keys, docs, strict=True):
                parsed[(a_idx, s_idx)].append((offset, doc))
                done += len(doc.text)
                on_progress(done / total if total else 1.0)
        out = []
        for a_idx, analysis in enumerate(analyses):
            out.append(self._convert(analysis, a_idx, parsed))
        return out

    def _convert(
        self, analysis: Analysis, a_idx: int, parsed: dict[tuple[int, int], list[tuple[int, Any]]]
    ) -> Analysis:
        tokens: list[Token] = []
        sentences: list[Sentence] = []
        mentions: list[Mention] = []
        warnings = list(analysis.warnings)
        for lang in sorted({s.language for s in analysis.segments if s.language}):
            msg = self.registry.warnings.get(lang)
            if msg and msg not in warnings:
                warnings.append(msg)
        for s_idx, seg in enumerate(analysis.segments):
            for piece_offset, doc in parsed.get((a_idx, s_idx), ()):
                self._add_doc(
                    analysis, seg.start + piece_offset, s_idx, doc, tokens, sentences, mentions
                )
        sent_starts = [s.start for s in sentences]
        fixed = [replace(m, sentence=index_at(sent_starts, m.start)) for m in mentions]
        return replace(
            analysis,
            tokens=tuple(tokens),
            sentences=tuple(sentences),
            mentions=tuple(fixed),
            warnings=tuple(warnings),
        )

    def _add_doc(
        self,
        analysis: Analysis,
        off: int,
        s_idx: int,
        doc: Any,
        tokens: list[Token],
        sentences: list[Sentence],
        mentions: list[Mention],
    ) -> None:
        """Append one spaCy doc (a segment, or a piece of one starting at ``off``)."""
        seg = analysis.segments[s_idx]
        base = len(tokens)
        for tok in doc:
            morph = tok.morph
            tense = morph.get("Tense")
            vform = morph.get("VerbForm")
            tokens.append(
                Token(
                    i=base + tok.i,
                    text=tok.text,
                    start=off + tok.idx,
                    end=off + tok.idx + len(tok.text),
                    lemma=tok.lemma_ or tok.text.lower(),
                    pos=tok.pos_,
                    dep=tok.dep_,
                    head=base + tok.head.i,
                    tense=tense[0] if tense else "",
                    verb_form=vform[0] if vform else "",
                    is_sent_start=bool(tok.is_sent_start),
                )
            )
        for sent in _merged_sentences(doc):
            text = sent.text
            if not text.strip():
                continue
            lead = len(text) - len(text.lstrip())
            start = off + sent.start_char + lead
            end = off + sent.end_char - (len(text) - len(text.rstrip()))
            sentences.append(
                Sentence(
                    start=start,
                    end=end,
                    text=analysis.document.text[start:end],
                    segment=s_idx,
                    language=seg.language or analysis.language or "xx",
                    token_start=base + sent.start,
                    token_end=base + sent.end,
                )
            )
        for ent in doc.ents:
            label = _NER_LABELS.get(ent.label_)
            if label is None:
                continue
            start = off + ent.start_char
            mentions.append(
                Mention(
                    text=analysis.document.text[start : off + ent.end_char],
                    start=start,
                    end=off + ent.end_char,
                    sentence=-1,
                    label=label,
                )
            )


def pieces(text: str, limit: int) -> list[tuple[int, str]]:
    """``text`` cut into ``(offset, piece)`` of at most ``limit`` characters, at the last
    sentence end (else line break, else space) of each window; the pieces cover it exactly."""
    if len(text) <= limit:
        return [(0, text)]
    out: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        floor = limit // 2
        cut = -1
        for mark in (". ", "! ", "? ", "\n", " "):
            at = window.rfind(mark, floor)
            if at >= 0:
                cut = at + len(mark)
                break
        if cut <= 0:
            cut = limit
        out.append((start, text[start : start + cut]))
        start += cut
    out.append((start, text[start:]))
    return out


def _merged_sentences(doc: Any) -> list[Any]:
    """spaCy's sentences, with a split that falls mid-sentence undone: a piece that does not end
    in sentence punctuation followed by one that starts in lower case ("… son ultimatum – la
    nouvelle date limite se termine vendredi – alors que …") is one sentence, and so is a
    piece that is only punctuation or one that starts with a comma ("« … », a-t-il dit")."""
    spans: list[Any] = []
    for sent in doc.sents:
        if spans:
            prev = spans[-1]
            last = prev.text.rstrip()
            first = next((ch for ch in sent.text if ch.isalpha()), "")
            lead = sent.text.lstrip()[:1]
            if (
                (last and last[-1] not in '.!?»"”…:' and first.islower())
                or not any(ch.isalpha() for ch in last)  # a lone « or dash
                or lead in (",", ";")  # no sentence starts with a comma
                or last.endswith(("-", "‑"))  # "Royaume-|Uni": a split inside a word
            ):
                spans[-1] = doc[prev.start : sent.end]
                continue
        spans.append(sent)
    return spans


@register("veille.nlp.v1")
def make_nlp(settings: Settings, resources: Resources) -> Stage:
    registry = resources.shared(
        "nlp.models", lambda: ModelRegistry(dict(resources.settings.models))
    )
    return NlpStage(settings, registry)

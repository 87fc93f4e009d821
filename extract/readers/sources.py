"""The record shapes analysts hold, told apart by their fields (no flag needed):

- arXiv API / listing JSON (`id`, `title`, `summary`, `authors`, `categories`, `comment`,
  optionally `published`, `arxiv_primary_category`, `doi`) and the Kaggle arXiv metadata
  snapshot (`abstract`, `authors` as one string, `authors_parsed`, `categories` as a
  space-separated string, `comments`, `versions[].created`, `update_date`): one mapping
  covers both, and any CSV, JSON or Parquet with such columns;
- OpenAlex works (`abstract_inverted_index`, rebuilt into text in word order);
- Semantic Scholar Graph API papers (`paperId`, `externalIds`, `publicationDate`).
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable, Iterator
from functools import lru_cache
from typing import Any, NamedTuple

from extract.readers import metadata as md
from extract.readers.common import Item, ReaderOptions, RecordFields, make_paper, reject
from extract.schemas import Reject

TEXT_COLUMNS = ("abstract", "summary", "text")
ID_COLUMNS = ("id", "paper_id", "arxiv_id", "source_id")
TITLE_COLUMNS = ("title",)
# arXiv family metadata, first present wins (arXiv API, feedparser and Kaggle spellings)
DATE_KEYS = ("published", "published_date", "publication_date", "date")
COMMENT_KEYS = ("comment", "comments", "arxiv_comment")
DOI_KEYS = ("doi", "arxiv_doi")
PRIMARY_KEYS = ("primary_category", "arxiv_primary_category")
CATEGORY_KEYS = ("categories", "tags")
OPENALEX_TEXT = "abstract_inverted_index"
# the fields a record of any known shape may be read from (Parquet reads only these)
KNOWN_KEYS = frozenset(
    {
        *TEXT_COLUMNS,
        *ID_COLUMNS,
        *TITLE_COLUMNS,
        *DATE_KEYS,
        *COMMENT_KEYS,
        *DOI_KEYS,
        *PRIMARY_KEYS,
        *CATEGORY_KEYS,
        "authors",
        "authors_parsed",
        "versions",
        "update_date",
        "year",
        "entry_id",
        OPENALEX_TEXT,
        "display_name",
        "publication_year",
        "ids",
        "primary_location",
        "locations",
        "primary_topic",
        "topics",
        "authorships",
        "paperId",
        "externalIds",
        "publicationDate",
        "fieldsOfStudy",
        "s2FieldsOfStudy",
    }
)


def pick(columns: Iterable[str], wanted: str | None, candidates: tuple[str, ...]) -> str | None:
    """The column to read: the one asked for, else the first candidate present (any case)."""
    cols = list(columns)
    if wanted:
        return wanted if wanted in cols else None
    lower = {c.lower(): c for c in cols}
    return next((lower[c] for c in candidates if c in lower), None)


class Layout(NamedTuple):
    """Where a record shape keeps what is read, worked out once per set of field names."""

    text: str | None
    id: str | None
    title: str | None
    arxiv_keys: tuple[str, ...]  # the fields that may hold an arXiv id
    present: dict[tuple[str, ...], tuple[str, ...]]  # candidate keys -> those present


@lru_cache(maxsize=512)
def _layout(columns: tuple[str, ...], options: ReaderOptions) -> Layout:
    text = pick(columns, options.text_column, TEXT_COLUMNS)
    if options.text_column is None and OPENALEX_TEXT in columns:
        text = OPENALEX_TEXT
    return Layout(
        text=text,
        id=pick(columns, options.id_column, ID_COLUMNS),
        title=pick(columns, options.title_column, TITLE_COLUMNS),
        arxiv_keys=tuple(k for k in (*ID_COLUMNS, "entry_id") if k in columns),
        present={
            keys: tuple(k for k in keys if k in columns)
            for keys in (DATE_KEYS, COMMENT_KEYS, DOI_KEYS, PRIMARY_KEYS, CATEGORY_KEYS)
        },
    )


def layout(columns: Iterable[str], options: ReaderOptions) -> Layout:
    """The layout of records with these fields (records of one file share a few)."""
    return _layout(tuple(columns), options)


def text_column(columns: Iterable[str], options: ReaderOptions) -> str | None:
    """Where a record's abstract is; None means records of this shape hold none."""
    return layout(columns, options).text


def _first(obj: dict[str, Any], keys: Iterable[str]) -> Any:
    """The first of these fields that holds something."""
    for key in keys:
        value = obj.get(key)
        if value is not None and value != "":
            return value
    return None


def _text(value: Any) -> Any:
    """Binary text (a Parquet binary column) decoded; bad bytes become lone surrogates,
    which the record check replaces and notes."""
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("utf-8", errors="surrogateescape")
    return value


def _date(rec: RecordFields, key: str, value: Any) -> md.Dated | None:
    if value in (None, ""):
        return None
    found = md.parse_date(value)
    if found is None:
        rec.notes.append(f"{key}: unreadable date {str(value)[:40]!r}; ignored")
    return found


def _set_date(rec: RecordFields, *candidates: md.Dated | None) -> None:
    found = next((c for c in candidates if c is not None), None)
    if found is not None:
        rec.meta["published"], rec.meta["published_precision"] = found


def _str(value: Any) -> str | None:
    value = _text(value)
    return value.strip() if isinstance(value, str) and value.strip() else None


def arxiv_record(obj: dict[str, Any], options: ReaderOptions) -> RecordFields:
    """arXiv API JSON, the Kaggle snapshot, or any table with the same column names."""
    where = layout(obj, options)
    rec = RecordFields(
        abstract=_text(obj.get(where.text)) if where.text else None,
        title=_text(obj.get(where.title)) if where.title else None,
        source_id=_text(obj.get(where.id)) if where.id else None,
    )
    ident = next(filter(None, (md.arxiv_id(_text(obj[k])) for k in where.arxiv_keys)), None)
    present = where.present
    doi = md.doi(_text(_first(obj, present[DOI_KEYS])))
    ident = ident or md.arxiv_id(doi)
    cats = md.categories(_first(obj, present[CATEGORY_KEYS]))
    versions = obj.get("versions")
    first_version = versions[0] if isinstance(versions, list) and versions else None
    created = first_version.get("created") if isinstance(first_version, dict) else None
    _set_date(
        rec,
        _date(rec, "published", _text(_first(obj, present[DATE_KEYS])))
        or _date(rec, "versions[0].created", created)
        or (md.arxiv_month(ident) if ident else None)
        or _date(rec, "update_date", _text(obj.get("update_date")))
        or _date(rec, "year", obj.get("year")),
    )
    authors = obj.get("authors_parsed") or _text(obj.get("authors"))
    primary = md.term(_first(obj, present[PRIMARY_KEYS]))
    rec.meta.update(
        categories=cats,
        primary_category=primary or (cats[0] if cats else None),
        n_authors=md.count_authors(authors),
        comment=_str(_first(obj, present[COMMENT_KEYS])),
        doi=doi,
        arxiv_id=ident,
    )
    return rec


# A real abstract has a few hundred words; a position far beyond the character limit is
# corrupt data, and building a list that long would cost memory for nothing.
def inverted_abstract(index: Any, max_words: int) -> str | None:
    """OpenAlex's `abstract_inverted_index` ({word: [positions]}) back into text, the words
    in position order joined by single spaces (OpenAlex keeps punctuation on the words)."""
    if not isinstance(index, dict):
        return None
    placed: dict[int, str] = {}
    for word, positions in index.items():
        if not isinstance(positions, list):
            raise ValueError("abstract_inverted_index is not a map of words to positions")
        for pos in positions:
            if not isinstance(pos, int) or isinstance(pos, bool) or not 0 <= pos < max_words:
                raise ValueError(f"abstract_inverted_index has an invalid position {pos!r:.40}")
            placed[pos] = word
    return " ".join(placed[p] for p in sorted(placed))


def _arxiv_in_locations(obj: dict[str, Any]) -> str | None:
    locations = obj.get("locations")
    places = [obj.get("primary_location"), *(locations if isinstance(locations, list) else [])]
    for place in places:
        if isinstance(place, dict):
            for key in ("landing_page_url", "pdf_url", "id"):
                if found := md.arxiv_id(place.get(key)):
                    return found
    return None


def _display_names(items: Any) -> list[str] | None:
    if not isinstance(items, list):
        return None
    names = [i.get("display_name") for i in items if isinstance(i, dict)]
    return list(dict.fromkeys(n for n in names if isinstance(n, str) and n.strip())) or None


def openalex_record(obj: dict[str, Any], options: ReaderOptions) -> RecordFields:
    """An OpenAlex work: categories are its topics, the primary one its `primary_topic`."""
    try:
        abstract = inverted_abstract(obj.get(OPENALEX_TEXT), options.max_abstract_chars)
    except ValueError as exc:
        abstract = None
        notes = [str(exc)]
    else:
        notes = []
    rec = RecordFields(
        abstract=abstract,
        title=_first(obj, ("title", "display_name")),
        source_id=obj.get("id"),
        notes=notes,
    )
    doi = md.doi(obj.get("doi"))
    ident = _arxiv_in_locations(obj) or md.arxiv_id(doi)
    _set_date(
        rec,
        _date(rec, "publication_date", obj.get("publication_date")),
        _date(rec, "publication_year", obj.get("publication_year")),
    )
    topic = obj.get("primary_topic")
    primary = _str(topic.get("display_name")) if isinstance(topic, dict) else None
    authors = obj.get("authorships")
    rec.meta.update(
        categories=_display_names(obj.get("topics")) or ([primary] if primary else None),
        primary_category=primary,
        n_authors=len(authors) if isinstance(authors, list) else None,
        doi=doi,
        arxiv_id=ident,
    )
    return rec


def semantic_scholar_record(obj: dict[str, Any], options: ReaderOptions) -> RecordFields:
    """A Semantic Scholar Graph API paper: categories are its fields of study."""
    rec = RecordFields(
        abstract=obj.get("abstract"), title=obj.get("title"), source_id=obj.get("paperId")
    )
    external = obj.get("externalIds")
    external = external if isinstance(external, dict) else {}
    ident = md.arxiv_id(_str(external.get("ArXiv")))
    doi = md.doi(external.get("DOI"))
    _set_date(
        rec,
        _date(rec, "publicationDate", obj.get("publicationDate")),
        md.arxiv_month(ident) if ident else None,
        _date(rec, "year", obj.get("year")),
    )
    fields = md.categories(obj.get("fieldsOfStudy"))
    if fields is None and isinstance(obj.get("s2FieldsOfStudy"), list):
        fields = md.categories(
            [f.get("category") for f in obj["s2FieldsOfStudy"] if isinstance(f, dict)]
        )
    authors = obj.get("authors")
    rec.meta.update(
        categories=fields,
        n_authors=len(authors) if isinstance(authors, list) else None,
        doi=doi,
        arxiv_id=ident,
    )
    return rec


Mapper = Callable[[dict[str, Any], ReaderOptions], RecordFields]


def mapper_for(cols: Container[str], options: ReaderOptions) -> Mapper:
    """Which shape a record (or a table's columns) has, from its field names."""
    if options.text_column is None and OPENALEX_TEXT in cols:
        return openalex_record
    if options.text_column is None and "paperId" in cols and "abstract" in cols:
        return semantic_scholar_record
    return arxiv_record


def _columns_reason(columns: Iterable[str], options: ReaderOptions) -> str:
    wanted = options.text_column or " / ".join((*TEXT_COLUMNS, OPENALEX_TEXT))
    found = ", ".join(str(c) for c in columns) or "none"
    return f"no abstract column ({wanted}); columns found: {found}"


def no_text_column(source: str, columns: Iterable[str], options: ReaderOptions) -> Reject | None:
    """The whole-input reject for a table or a file of records that hold no abstract."""
    cols = list(columns)
    if text_column(cols, options) is not None:
        return None
    return reject(source, None, _columns_reason(cols, options))


Row = tuple[int, dict[str, Any] | Reject]


# A file whose first records all lack an abstract field is of an unknown shape (or the
# asked --text-column is misspelt): after this many, one whole-input reject says so instead
# of a reject per record. Small, as a wrong file shows it at once; more than one, so that
# one odd record at the top costs only itself.
SHAPE_PROBE = 10


def papers_from_rows(
    rows: Iterable[Row], source: str, options: ReaderOptions, *, shape_seen: bool = False
) -> Iterator[Item]:
    """Shared by JSON, CSV and Parquet: map each record of a known shape to a paper.
    `shape_seen`: the rows continue a file whose earlier records already showed an abstract
    field (a range of a file read on its own), so the shape probe is not run again."""
    pending: list[Reject] = []  # records without an abstract field before the first with one
    first_columns: list[str] | None = None
    for record, row in rows:
        if isinstance(row, Reject):
            yield row
            continue
        if text_column(row, options) is None:
            missing = reject(source, record, _columns_reason(row, options))
            if shape_seen:
                yield missing
                continue
            first_columns = first_columns or list(row)
            pending.append(missing)
            if len(pending) >= SHAPE_PROBE:
                break
            continue
        if not shape_seen:
            shape_seen = True
            yield from pending
        yield from make_paper(source, record, mapper_for(row, options)(row, options), options)
    if not shape_seen and first_columns is not None:
        yield reject(source, None, _columns_reason(first_columns, options))

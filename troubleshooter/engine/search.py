"""Search over codes (number, phrase, former names, summary) and causes (title, signals).

Ranking: the exact number first, then phrase and former-name matches, then summary words,
then causes by the weight of the words they share with the query. Plain Python over plain data.
"""

from dataclasses import dataclass

from troubleshooter.engine.words import expand, words_of

MAX_QUERY = 200
MAX_RESULTS = 20


@dataclass(frozen=True)
class CodeEntry:
    code: int
    phrase: str
    aliases: tuple
    summary: str
    vendor: str


@dataclass
class Result:
    code: int
    phrase: str
    title: str  # the cause's title, or the code's summary
    slug: str  # cause slug, "" for the code itself
    score: float
    why: str


def search(query, codes, index):
    """Results for `query` over `codes` (CodeEntry items) and `index` (a diagnose.Index)."""
    query = " ".join(query.split())[:MAX_QUERY]
    if not query:
        return []
    lowered = query.lower()
    results = []
    query_words = set(words_of(query))
    for entry in codes:
        names = [entry.phrase.lower(), *(alias.lower() for alias in entry.aliases)]
        if lowered == str(entry.code):
            score, why = 1000.0, "status code"
        elif lowered in names:
            score, why = 900.0, "official name" if lowered == names[0] else "former name"
        elif any(lowered in name for name in names):
            score, why = 800.0, "name"
        elif query_words and query_words <= set(words_of(" ".join(names))):
            score, why = 700.0, "name"
        else:
            overlap = query_words & set(words_of(f"{entry.summary} {entry.vendor}"))
            if not overlap:
                continue
            score, why = 5.0 * len(overlap), "summary"
        results.append(Result(entry.code, entry.phrase, entry.summary, "", score, why))
    phrases = {entry.code: entry.phrase for entry in codes}
    expanded = expand(query_words)
    for cause in index.causes:
        hits = [s for s in cause.signals if len(s) >= 4 and s.lower() in lowered]
        signal_hit = max(hits, key=len, default=None)
        overlap = (query_words & cause.words) | {
            w for w in expanded & cause.words if w not in query_words
        }
        exact = query_words & cause.words
        if not exact and not signal_hit:
            continue
        score = sum(index.idf.get(w, 0.0) for w in exact) * 10
        score += sum(index.idf.get(w, 0.0) for w in overlap - exact) * 2
        why = "words of the cause"
        if signal_hit:
            score += 20.0 * len(signal_hit.split())  # a longer fragment is a more telling match
            why = f"matches “{signal_hit}”"
        results.append(
            Result(cause.code, phrases.get(cause.code, ""), cause.title, cause.slug, score, why)
        )
    results.sort(key=lambda r: (-r.score, r.code, r.slug))
    return results[:MAX_RESULTS]

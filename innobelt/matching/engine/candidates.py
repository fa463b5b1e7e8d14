"""The searcher's first half: each segment's candidate rows and their scores, then the records ranked.

``score_parts`` asks the main segment (memory-mapped, with a coarse quantiser when large; see
:mod:`.store`) and the delta segment for their candidate rows: the live rows passing the filters,
scored by BM25 (the query's terms and their translation), cosine and the fusion of both
(:mod:`.fusion`), plus the whole-record view of long profiles (docs/adr/0202). ``rank`` groups the
candidates by record, aggregates them and breaks ties by each record's seeded hash.
:class:`~.index.MatchIndex` owns the segments and calls these; they keep no state of their own.

This module imports no Django.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from typing import Any

import numpy as np

from . import fusion
from .records import Filters, filters_of
from .store import Delta, MainSegment, bm25_scores, bm25_scores_at

Part = dict[str, Any]  # one segment's candidate rows and their scores (see score_parts)
Ranked = tuple[float, int, str, int, list[tuple[int, int]]]  # score, tiebreak, seg, rec, rows
Weighted = tuple[list[int], list[float]]  # term ids and their weights
WORDS_CANDIDATES = 2000  # rows the words side adds to a large segment's vector probes


def _main(main: MainSegment | None) -> MainSegment:
    if main is None:
        raise RuntimeError("the index has no main segment yet")
    return main


def record_idf(main: MainSegment | None, delta: Delta, plan: fusion.QueryPlan) -> dict[str, float]:
    """Record-level idf of the query's (and translation's) terms, for the whole-record
    view of long profiles: a term's df counts the records containing it, not the rows."""
    if plan.record_idf is None:
        n = max((main.n_records if main is not None else 0) + len(delta), 1)
        rdf = delta.arrays()["rdf"]

        def df(t: str) -> int:
            d = main.record_df(t) if main is not None and main.n_rows else 0
            return d + int(rdf.get(t, 0))

        plan.record_idf = fusion.plan_idf(plan.terms + plan.bridge, df, n)
    return plan.record_idf


def record_avgdl(main: MainSegment | None, delta: Delta) -> float:
    """The mean length of a whole record (for the whole-record BM25 of long profiles)."""
    m = main
    if m is not None and m.n_rows:
        return m.rec_avgdl or m.avgdl
    lengths = delta.arrays()["rec_lengths"]
    return float(max(lengths.mean(), 1.0)) if lengths.size else 1.0


def weighted_terms(plan: fusion.QueryPlan, bridge: bool = False) -> tuple[list[str], list[float]]:
    """The query's terms with their counts (or the translation's, each once)."""
    if bridge:
        return list(plan.bridge), [1.0] * len(plan.bridge)
    counts = Counter(plan.terms)
    return list(counts), [float(c) for c in counts.values()]


def term_ids(m: MainSegment, plan: fusion.QueryPlan, bridge: bool) -> Weighted:
    """The main segment's term ids of the query's (or translation's) terms it knows, with their weights."""
    terms, weights = weighted_terms(plan, bridge)
    tids, tw = [], []
    for t, w in zip(terms, weights):
        j = m.vocab.get(t)
        if j is not None:
            tids.append(j)
            tw.append(w)
    return tids, tw


def main_rows(m: MainSegment | None, alive: np.ndarray, plan: fusion.QueryPlan, qvec: np.ndarray,
              filters: dict[str, list[str]], exclude: set[str], *, nprobe: int | None, whole_record: bool,
              prune: bool = True) -> Part | None:
    """The main segment's candidate rows (live, passing the filters, not excluded) with their raw scores."""
    if m is None or not m.n_rows:
        return None
    rec_mask = m.facet_mask(filters)
    if not alive.all():
        rec_mask = alive.copy() if rec_mask is None else rec_mask & alive
    if exclude:
        ex = m.ordinals(exclude)
        if ex:
            rec_mask = alive.copy() if rec_mask is None else rec_mask.copy()
            rec_mask[ex] = False
    row_rec = m.row_rec
    # a large pruned segment builds no row-length filter mask: candidate rows look up their
    # record's bit (see ivf_rows_pruned)
    large = m.ivf_centroids is not None and prune
    row_mask = None if rec_mask is None or large else rec_mask[row_rec]
    q = qvec.astype(np.float32)
    bg = fusion.background(m.bg_vectors @ q)
    direct = term_ids(m, plan, False)
    bridged: Weighted = term_ids(m, plan, True) if plan.bridge else ([], [])
    if m.ivf_centroids is None:
        bm = bm25_scores(m.bm_data, m.bm_indices, m.bm_indptr, *direct, m.n_rows)
        bmb = (bm25_scores(m.bm_data, m.bm_indices, m.bm_indptr, *bridged, m.n_rows)
               if plan.bridge else None)
        rows = np.arange(m.n_rows) if row_mask is None else np.flatnonzero(row_mask)
        if rows.size == m.n_rows:
            cos = m.vectors @ q
        elif rows.size * 4 < m.n_rows:
            cos = m.vectors[rows] @ q
        else:
            cos = (m.vectors @ q)[rows]
        bm, bmb = bm[rows], None if bmb is None else bmb[rows]
    else:
        # Large segment: terms found in more than 2 % of the rows are scored only on the
        # candidate rows (exactly, by binary search); the rarer terms, which carry almost
        # all of the idf, pick the words-side candidates over the whole segment.
        cut = max(1000, m.n_rows // 50)
        df = np.diff(m.bm_indptr)

        def split(ids_w: Weighted) -> tuple[Weighted, Weighted]:
            rare: Weighted = ([], [])
            common: Weighted = ([], [])
            for t, w in zip(*ids_w):
                side = rare if df[t] <= cut else common
                side[0].append(t)
                side[1].append(w)
            return rare, common

        def at(ids_w: Weighted) -> np.ndarray:
            return bm25_scores_at(m.bm_data, m.bm_indices, m.bm_indptr, ids_w[0], ids_w[1],
                                  rows)

        d_rare, d_common = split(direct)
        b_rare, b_common = split(bridged)
        if large:
            rows, cos = ivf_rows_pruned(m, q, (d_rare[0] + b_rare[0], d_rare[1] + b_rare[1]),
                                        rec_mask, nprobe)
        else:
            pick = bm25_scores(m.bm_data, m.bm_indices, m.bm_indptr, d_rare[0] + b_rare[0],
                               d_rare[1] + b_rare[1], m.n_rows)
            rows, cos = ivf_rows(m, q, pick, row_mask, nprobe)
        bm = at(d_rare) + at(d_common)
        bmb = at(b_rare) + at(b_common) if plan.bridge else None
    part = {"seg": "main", "rows": rows, "rec": row_rec[rows], "cos": cos,
            "bm": bm, "bmb": bmb, "lang": m.row_lang[rows], "item": m.row_item[rows],
            "bg": bg}
    pdata, pind, pptr, pvec = m.pbm_data, m.pbm_indices, m.pbm_indptr, m.prof_vectors
    if (whole_record and m.prof_rec.size and pdata is not None and pind is not None
            and pptr is not None and pvec is not None):
        keep = np.arange(m.prof_rec.size) if rec_mask is None else np.flatnonzero(
            rec_mask[m.prof_rec])
        n_prof = int(m.prof_rec.size)
        pbm = bm25_scores(pdata, pind, pptr, direct[0], direct[1], n_prof)[keep]
        pbmb = (bm25_scores(pdata, pind, pptr, bridged[0], bridged[1], n_prof)[keep]
                if plan.bridge else None)
        prec = np.asarray(m.prof_rec[keep], dtype=np.int64)
        part["prof"] = {"rec": prec, "bm": pbm, "bmb": pbmb,
                        "cos": np.asarray(pvec[keep]) @ q, "lang": m.rec_lang[prec]}
    return part


def words_top_rows(m: MainSegment, rare: Weighted, rec_mask: np.ndarray | None,
                   limit: int = WORDS_CANDIDATES) -> np.ndarray:
    """The ``limit`` rows (ascending) the rare query terms rate highest among those passing
    ``rec_mask``: the same rows as the top of :func:`ivf_rows`'s row-length BM25 array, from the
    postings alone.  Postings of filtered-out records are dropped first; the rest are summed by
    sorting when they are few, and in a row-length accumulator only when they are many (at
    least a sixteenth of the rows), where that is the cheaper of the two."""
    idx_parts, val_parts = [], []
    for t, w in zip(*rare):
        a, b = int(m.bm_indptr[t]), int(m.bm_indptr[t + 1])
        if b > a:
            idx_parts.append(m.bm_indices[a:b])
            v = m.bm_data[a:b]
            val_parts.append(v if w == 1.0 else v * np.float32(w))
    if not idx_parts:
        return np.zeros(0, np.int64)
    idx = np.concatenate(idx_parts)
    val = np.concatenate(val_parts)
    if rec_mask is not None:  # a row's postings all share its record: drop them first
        keep = rec_mask[m.row_rec[idx]]
        idx, val = idx[keep], val[keep]
    if len(idx_parts) == 1:  # one posting list: already one entry per row, ascending
        pos, score = idx.astype(np.int64), val.astype(np.float32)
    elif 16 * idx.size < m.n_rows:  # few postings: sum them by sorting
        pos = np.unique(idx).astype(np.int64)
        inv = np.searchsorted(pos, idx)
        # summed in posting order in float64, then float32: the values bm25_scores gives
        score = np.bincount(inv, weights=val, minlength=pos.size).astype(np.float32)
    else:  # many: a row-length accumulator is cheaper than sorting them
        dense = np.bincount(idx, weights=val, minlength=m.n_rows)
        pos = np.flatnonzero(dense)
        score = dense[pos].astype(np.float32)
    if pos.size > limit:
        pos = np.sort(pos[np.argpartition(-score, limit - 1)[:limit]])
    return pos


def allowed_rows(m: MainSegment, rec_mask: np.ndarray) -> int:
    """How many rows belong to records passing ``rec_mask`` (a record-length count)."""
    if m.n_rows == m.n_records:
        return int(np.count_nonzero(rec_mask))
    return int(m.rows_per_record[rec_mask].sum())


def ivf_rows_pruned(m: MainSegment, q: np.ndarray, rare: Weighted, rec_mask: np.ndarray | None,
                    nprobe: int | None) -> tuple[np.ndarray, np.ndarray]:
    """:func:`ivf_rows`'s candidates and cosines, without its row-length filter mask and BM25 array.

    The probes and the exact-scan fallback are decided as there (the allowed rows counted over
    records); a probed list's rows look up their record's filter bit, and when under a quarter
    of them pass, only those are gathered and scored, so a selective filter costs the rows it
    keeps rather than every probed row; the words-side rows come from the rare terms' postings
    (:func:`words_top_rows`).  Same rows, same cosines as :func:`ivf_rows` (ADR 0202, "1M records").
    """
    offs, centroids = m.ivf_offsets, m.ivf_centroids
    if offs is None or centroids is None:
        raise RuntimeError("the main segment has no coarse quantiser")
    n_lists = offs.size - 1
    nprobe = min(n_lists, nprobe or max(8, math.ceil(math.sqrt(n_lists))))
    probed = m.n_rows * nprobe / n_lists
    row_rec = m.row_rec
    if rec_mask is not None:
        allowed = allowed_rows(m, rec_mask)
        if allowed <= probed:
            rows = np.flatnonzero(rec_mask[row_rec])
            return rows, m.vectors[rows] @ q
        if allowed < 4 * probed:
            nprobe = min(n_lists, 2 * nprobe)
    lists = np.argpartition(-(centroids @ q), nprobe - 1)[:nprobe]
    parts_r, parts_c = [], []
    for li in lists:
        a, b = int(offs[li]), int(offs[li + 1])
        if b <= a:
            continue
        if rec_mask is None:
            parts_r.append(np.arange(a, b))
            parts_c.append(m.vectors[a:b] @ q)
            continue
        keep = rec_mask[row_rec[a:b]]
        sel = np.flatnonzero(keep)
        if not sel.size:
            continue
        if 4 * sel.size < b - a:  # gathering a few rows beats reading the whole list
            parts_c.append(m.vectors[a + sel] @ q)
        else:
            parts_c.append((m.vectors[a:b] @ q)[keep])
        parts_r.append(a + sel)
    pos = words_top_rows(m, rare, rec_mask)
    if pos.size:
        parts_r.append(pos)
        parts_c.append(m.vectors[pos] @ q)
    rows = np.concatenate(parts_r) if parts_r else np.zeros(0, np.int64)
    cos = np.concatenate(parts_c) if parts_c else np.zeros(0, np.float32)
    rows, first = np.unique(rows, return_index=True)
    return rows, cos[first]


def ivf_rows(m: MainSegment, q: np.ndarray, bm: np.ndarray, row_mask: np.ndarray | None,
             nprobe: int | None) -> tuple[np.ndarray, np.ndarray]:
    """A large segment's candidates: the rows of the ``nprobe`` lists nearest the query plus the rows the
    words side rates highest (see ``MatchIndex``); a selective filter is scanned exactly instead."""
    offs, centroids = m.ivf_offsets, m.ivf_centroids
    if offs is None or centroids is None:
        raise RuntimeError("the main segment has no coarse quantiser")
    n_lists = offs.size - 1
    nprobe = min(n_lists, nprobe or max(8, math.ceil(math.sqrt(n_lists))))
    probed = m.n_rows * nprobe / n_lists
    if row_mask is not None:
        allowed = int(row_mask.sum())
        if allowed <= probed:  # selective filter: scanning what passes is the cheaper scan
            rows = np.flatnonzero(row_mask)
            return rows, m.vectors[rows] @ q
        if allowed < 4 * probed:  # fairly selective: probe twice as many lists instead
            nprobe = min(n_lists, 2 * nprobe)
    lists = np.argpartition(-(centroids @ q), nprobe - 1)[:nprobe]
    parts_r, parts_c = [], []
    for li in lists:
        a, b = int(offs[li]), int(offs[li + 1])
        if b > a:
            parts_r.append(np.arange(a, b))
            parts_c.append(m.vectors[a:b] @ q)
    # Rows the words side likes are always candidates, wherever their vectors live.
    has_words = bm > 0
    if row_mask is not None:
        has_words &= row_mask
    pos = np.flatnonzero(has_words)
    if pos.size > WORDS_CANDIDATES:
        pos = np.sort(pos[np.argpartition(-bm[pos], WORDS_CANDIDATES - 1)[:WORDS_CANDIDATES]])
    if pos.size:
        parts_r.append(pos)
        parts_c.append(m.vectors[pos] @ q)
    rows = np.concatenate(parts_r) if parts_r else np.zeros(0, np.int64)
    cos = np.concatenate(parts_c) if parts_c else np.zeros(0, np.float32)
    rows, first = np.unique(rows, return_index=True)
    cos = cos[first]
    if row_mask is not None:
        keep = row_mask[rows]
        rows, cos = rows[keep], cos[keep]
    return rows, cos


def delta_rows(delta: Delta, main: MainSegment | None, plan: fusion.QueryPlan, qvec: np.ndarray,
               filters: dict[str, list[str]], exclude: set[str], *, k1: float, b: float, whole_record: bool) -> Part | None:
    """The delta segment's candidate rows (every row passing the filters, not excluded) with their raw scores."""
    a = delta.arrays()
    if not a["vectors"].shape[0]:
        return None
    avgdl = main.avgdl if main is not None and main.n_rows else float(
        max(a["lengths"].mean(), 1.0))
    bm = delta.bm25(*weighted_terms(plan), plan.idf, avgdl, k1, b)
    bmb = delta.bm25(*weighted_terms(plan, True), plan.idf, avgdl, k1, b) if plan.bridge else None
    rec_mask = delta.facet_mask(filters)
    if exclude:
        ex = np.array([r.id in exclude for r in a["records"]], dtype=bool)
        rec_mask = ~ex if rec_mask is None else rec_mask & ~ex
    rows = (np.arange(bm.size) if rec_mask is None
            else np.flatnonzero(rec_mask[a["row_rec"]]))
    cos = a["vectors"][rows] @ qvec.astype(np.float32)
    bg = fusion.background(a["vectors"][: fusion_bg_size(a)] @ qvec.astype(np.float32))
    part = {"seg": "delta", "rows": rows, "rec": a["row_rec"][rows], "cos": cos,
            "bm": bm[rows], "bmb": None if bmb is None else bmb[rows],
            "lang": a["row_lang"][rows], "item": a["row_item"][rows], "bg": bg}
    if whole_record and a["prof_rec"].size:
        keep = (np.arange(a["prof_rec"].size) if rec_mask is None
                else np.flatnonzero(rec_mask[a["prof_rec"]]))
        ridf, ravgdl = record_idf(main, delta, plan), record_avgdl(main, delta)
        pbm = delta.profile_bm25(*weighted_terms(plan), ridf, ravgdl, k1, b)[keep]
        pbmb = (delta.profile_bm25(*weighted_terms(plan, True), ridf, ravgdl, k1, b)[keep]
                if plan.bridge else None)
        prec = a["prof_rec"][keep].astype(np.int64)
        langs = np.array([fusion.LANG_CODES.get(a["records"][i].lang, 0) for i in prec],
                         dtype=np.int8)
        part["prof"] = {"rec": prec, "bm": pbm, "bmb": pbmb,
                        "cos": a["prof_vectors"][keep] @ qvec.astype(np.float32),
                        "lang": langs}
    return part


def score_parts(main: MainSegment | None, alive: np.ndarray, delta: Delta, plan: fusion.QueryPlan, qvec: np.ndarray,
                filters: Filters | None = None, exclude: Iterable[str] = (), *, nprobe: int | None, whole_record: bool,
                k1: float, b: float, prune: bool = True) -> list[Part]:
    """Each segment's candidates scored: words coverage, meaning gain and their fusion per row (and per
    whole record of a long profile)."""
    flt = filters_of(filters)
    excl = set(exclude or ())
    parts = [p for p in (main_rows(main, alive, plan, qvec, flt, excl, nprobe=nprobe, whole_record=whole_record,
                                   prune=prune),
                         delta_rows(delta, main, plan, qvec, flt, excl, k1=k1, b=b, whole_record=whole_record))
             if p is not None]
    if not parts:
        return parts
    # One background for the whole index: the main segment's sample when there is one.
    bg = parts[0]["bg"]
    for p in parts:
        p["cov"] = fusion.coverage(p["bm"], plan.attainable, p["bmb"],
                                   plan.bridge_attainable, plan.bridged_share)
        if p["bmb"] is not None:  # "has words evidence" for the words-only ranking
            p["bm"] = p["bm"] + p["bmb"]
        p["gain"] = fusion.meaning_gain(p["cos"], bg)
        p["fused"] = fusion.fuse(p["cov"], p["gain"], plan.rho_by_lang[p["lang"]])
        prof = p.get("prof")
        if prof is not None:
            ridf = record_idf(main, delta, plan)
            prof["cov"] = fusion.coverage(
                prof["bm"], fusion.attainable_score(plan.terms, ridf), prof["bmb"],
                fusion.attainable_score(plan.bridge, ridf), plan.bridged_share)
            prof["fused"] = fusion.fuse(prof["cov"], fusion.meaning_gain(prof["cos"], bg),
                                        plan.rho_by_lang[prof["lang"]])
    return parts


def rank(parts: list[Part], key: str, k: int, aggregate: str, *, main: MainSegment | None, delta: Delta) -> list[Ranked]:
    """Top ``k`` records by ``key`` aggregated over their candidate rows (vectorised).

    Each segment contributes its best ``max(200, 10 k)`` rows; rows are grouped by record,
    aggregated (:func:`fusion.aggregate_items` or the max), and ties between records are
    broken by their seeded hash.  Returns ``(score, key, seg, rec, [(part, row), ...])``.
    """
    pool = max(200, 10 * k)
    cand_part, cand_row, cand_score, cand_group, cand_tb = [], [], [], [], []
    prof_groups, prof_scores = [], []
    base = 0
    for pi, p in enumerate(parts):
        s = p[key]
        # the words side never returns a record it has no words for
        sel = np.flatnonzero(p["bm"] > 0) if key == "cov" else np.arange(s.size)
        if sel.size > pool:
            sel = sel[np.argpartition(-s[sel], pool - 1)[:pool]]
        prof = p.get("prof")
        if prof is not None and prof["rec"].size:
            # long profiles: their whole-record view (fusion.record_scores) joins the
            # candidates, so a profile good as a whole is not lost for want of one best row
            ps = prof[key]
            top = np.arange(ps.size) if key != "cov" else np.flatnonzero(prof["bm"] > 0)
            if top.size > pool:
                top = top[np.argpartition(-ps[top], pool - 1)[:pool]]
            extra = np.flatnonzero(np.isin(p["rec"], prof["rec"][top]))
            if extra.size:
                sel = np.union1d(sel, extra)
            prof_groups.append(prof["rec"] + base)
            prof_scores.append(ps.astype(np.float64))
        recs = p["rec"][sel].astype(np.int64)
        tb = (np.asarray(_main(main).tiebreak)[recs] if p["seg"] == "main"
              else delta.arrays()["tiebreak"][recs])
        cand_part.append(np.full(sel.size, pi, np.int64))
        cand_row.append(sel)
        cand_score.append(s[sel].astype(np.float64))
        cand_group.append(recs + base)
        cand_tb.append(tb)
        base += (_main(main).n_records if p["seg"] == "main" else len(delta)) + 1
    if not cand_row:
        return []
    part = np.concatenate(cand_part)
    row = np.concatenate(cand_row)
    score = np.concatenate(cand_score)
    group = np.concatenate(cand_group)
    tb = np.concatenate(cand_tb)
    if not score.size:
        return []
    order = np.lexsort((-score, group))
    part, row, score, group, tb = part[order], row[order], score[order], group[order], tb[order]
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    if aggregate == "items":
        rank_in = np.arange(score.size) - np.repeat(starts, np.diff(np.r_[starts, score.size]))
        contrib = np.where(rank_in == 0, score,
                           np.maximum(score, 0.0) * 0.5 ** (rank_in + 1.0))
        agg = np.add.reduceat(contrib, starts)
    else:
        agg = score[starts]
    if prof_groups:
        agg = fusion.record_scores(agg, group[starts], np.concatenate(prof_groups),
                                   np.concatenate(prof_scores),
                                   "mean" if key == "fused" else "max")
    top = np.lexsort((tb[starts], -agg))[:k]
    ends = np.r_[starts[1:], score.size]
    out = []
    for g in top:
        a, b = starts[g], ends[g]
        p = parts[int(part[a])]
        members = list(zip(part[a:b].tolist(), row[a:b].tolist()))
        out.append((float(agg[g]), int(tb[a]), p["seg"], int(p["rec"][row[a]]), members))
    return out


def fusion_bg_size(arrays: dict[str, Any]) -> int:
    """Rows of the delta used for its own background when there is no main segment."""
    return min(int(arrays["vectors"].shape[0]), 1024)

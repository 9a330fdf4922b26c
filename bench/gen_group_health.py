"""Write an N-row group-health export in the dialect of the demo (seed 000).

Usage: python bench/gen_group_health.py OUT.csv N

UTF-8 with BOM, CRLF, ``¥1,234.56`` costs, ``87.50%`` rates, quoted thousands separators,
local times, a merged Failure Reason on group rows. Groups of 50 tokens; group rows sum
their token rows, so the file also reconciles.
"""

from __future__ import annotations

import random
import sys
from datetime import datetime, timedelta

HEADER = (
    "Type,Group,User ID,Username,Token,Success Rate,Requests,Success,Errors,Cost,"
    "Cache Hit Rate,Cache Tokens,Cache Requests,Cache Request Share,Avg Cache Tokens,"
    "Avg Latency,Start Time,Latest Request,Failure Reason"
)
TOKENS_PER_GROUP = 50
REASONS = [
    "502: Upstream request failed",
    "429: Account RPM limit exceeded, Max 10/min",
    "503: No available accounts",
    "401: Invalid API key",
]


def _count(n: int) -> str:
    text = f"{n:,}"
    return f'"{text}"' if "," in text else text


def _money(cents: int) -> str:
    text = f"¥{cents / 100:,.2f}"
    return f'"{text}"' if "," in text else text


def _row(
    kind, group, uid, user, token, req, ok, cost_cents, cache_tok, cache_req, lat, t0, t1, why
):
    err = req - ok
    rate = f"{100 * ok / req:.2f}%" if req else "0.00%"
    share = f"{100 * cache_req / req:.2f}%" if req else "0.00%"
    avg_cache = cache_tok // cache_req if cache_req else 0
    return ",".join(
        [
            kind,
            group,
            uid,
            user,
            token,
            rate,
            _count(req),
            _count(ok),
            _count(err),
            _money(cost_cents),
            "30.00%",
            _count(cache_tok),
            _count(cache_req),
            share,
            _count(avg_cache),
            f"{lat:.2f}s",
            t0,
            t1,
            why,
        ]
    )


def generate(path: str, n_rows: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    base = datetime(2026, 11, 21, 8, 0, 0)
    written = 0
    group_no = 0
    with open(path, "w", encoding="utf-8-sig", newline="") as out:
        out.write(HEADER + "\r\n")
        while written < n_rows:
            group = f"group-{group_no:05d}"
            tokens = []
            for k in range(min(TOKENS_PER_GROUP, n_rows - written - 1)):
                req = rng.randint(1, 5000)
                ok = req - rng.randint(0, req // 10)
                cost = rng.randint(1, 200_000)
                cache_req = rng.randint(0, req)
                cache_tok = cache_req * rng.randint(0, 3000)
                t0 = base + timedelta(seconds=rng.randint(0, 3600))
                t1 = t0 + timedelta(seconds=rng.randint(0, 80_000))
                uid = str(1000 + group_no * TOKENS_PER_GROUP + k)
                tokens.append(
                    (uid, req, ok, cost, cache_tok, cache_req, rng.uniform(0.3, 30), t0, t1)
                )
            if not tokens:
                break
            req = sum(t[1] for t in tokens)
            ok = sum(t[2] for t in tokens)
            lat = sum(t[6] * t[1] for t in tokens) / req
            why = f'"{rng.choice(REASONS)} ({req - ok})"' if req > ok else ""
            fmt = "%Y-%m-%d %H:%M:%S"
            out.write(
                _row(
                    "Group",
                    group,
                    "",
                    "",
                    "",
                    req,
                    ok,
                    sum(t[3] for t in tokens),
                    sum(t[4] for t in tokens),
                    sum(t[5] for t in tokens),
                    lat,
                    min(t[7] for t in tokens).strftime(fmt),
                    max(t[8] for t in tokens).strftime(fmt),
                    why,
                )
                + "\r\n"
            )
            lines = [
                _row(
                    "Token",
                    group,
                    uid,
                    f"member{uid}@corp",
                    f"token-{uid}-service-prod",
                    r,
                    o,
                    c,
                    ct,
                    cr,
                    la,
                    a.strftime(fmt),
                    b.strftime(fmt),
                    "",
                )
                for uid, r, o, c, ct, cr, la, a, b in tokens
            ]
            out.write("\r\n".join(lines) + "\r\n")
            written += 1 + len(tokens)
            group_no += 1


if __name__ == "__main__":
    generate(sys.argv[1], int(sys.argv[2]))

"""Write an N-row new-api style usage log (as ``usage_logs_newapi_fork.csv``) for benchmarks.

Usage: ``python bench/gen_request_log.py OUT.csv N [--seed S]``

Rows are mostly consume (type 2) requests, some errors (type 5, ``status_code=NNN, message``
in content) and a few account events (top-up, manage, system); ``other`` holds the JSON the
gateway writes (cache_tokens, frt, request_path; status_code and channel on error rows).
Everything is generated with numpy and pyarrow, so a million rows take a few seconds.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

HEADER = [
    "id", "created_at", "type", "user_id", "username", "token_name", "model_name", "quota",
    "quota_usd", "prompt_tokens", "completion_tokens", "use_time", "is_stream", "group",
    "business_group", "ip", "request_id", "content", "other",
]  # fmt: skip
MODELS = ["gpt-4o-mini", "gpt-4.1", "claude-sonnet-4-5-20250929", "deepseek-chat", "gpt-5",
          "gemini-2.5-pro", "gpt-4o", "claude-opus-4-1-20250805"]  # fmt: skip
GROUPS = ["default", "vip", "svip", "codex-plan", "claude-max", "image-gen", "trial"]
PATHS = ["/v1/chat/completions", "/v1/messages", "/v1/responses", "/v1/images/generations"]
ERRORS = [
    (429, "Too many requests, please slow down"),
    (429, "Account RPM limit exceeded, Max 10/min"),
    (502, "Upstream request failed"),
    (503, "No available accounts"),
    (504, ""),
    (401, "Invalid API key"),
    (413, "openai_error"),
]
BASE_TIME = np.datetime64("2026-05-06T00:00:00", "s")


def generate(n: int, seed: int = 7) -> pa.Table:
    rng = np.random.default_rng(seed)
    kind = rng.choice([2, 5, 1, 3, 4], size=n, p=[0.90, 0.07, 0.01, 0.01, 0.01])
    error = kind == 5
    request = (kind == 2) | error
    users = rng.integers(1, 400, size=n)
    times = BASE_TIME + np.sort(rng.integers(0, 7 * 86400, size=n)).astype("timedelta64[s]")
    created = pc.replace_substring(pa.array(np.datetime_as_string(times, unit="s")), "T", " ")
    digits = pc.replace_substring_regex(created, r"[- :]", "")
    model = rng.integers(0, len(MODELS), size=n)
    prompt = np.where(kind == 2, rng.lognormal(8.5, 1.2, size=n).astype(np.int64), 0)
    completion = np.where(kind == 2, rng.lognormal(6.0, 1.0, size=n).astype(np.int64), 0)
    cache = np.where(rng.random(n) < 0.4, (prompt * rng.random(n)).astype(np.int64), 0)
    quota = np.where(kind == 2, (prompt * 0.5 + completion * 2).astype(np.int64), 0)
    use_time = np.where(request, rng.gamma(2.0, 3.0, size=n).astype(np.int64), 0)
    frt = np.where(kind == 2, rng.integers(200, 5000, size=n), 0)
    err = rng.integers(0, len(ERRORS), size=n)
    err_code = np.array([c for c, _ in ERRORS])[err]
    err_text = np.array([m for _, m in ERRORS], dtype=object)[err]
    path = np.array(PATHS, dtype=object)[rng.integers(0, len(PATHS), size=n)]

    def text(values: np.ndarray) -> pa.Array:
        return pa.array(values.astype(str))

    consume_content = pa.scalar("模型倍率 1.00，补全倍率 4.00，分组倍率 1.00")
    error_content = pc.binary_join_element_wise(
        "status_code=", text(err_code), pa.array(np.where(err_text == "", "", ", ")),
        pa.array(err_text.astype(str)), "",
    )  # fmt: skip
    content = pc.if_else(pa.array(error), error_content, consume_content)
    content = pc.if_else(pa.array(request), content, pa.scalar("管理员将用户额度从 ＄1 修改为 ＄5"))
    consume_other = pc.binary_join_element_wise(
        '{"model_ratio":1,"group_ratio":1,"completion_ratio":4,"cache_tokens":', text(cache),
        ',"cache_ratio":0.5,"model_price":-1,"frt":', text(frt), ',"request_path":"',
        pa.array(path.astype(str)), '"}', "",
    )  # fmt: skip
    error_other = pc.binary_join_element_wise(
        '{"request_path":"', pa.array(path.astype(str)), '","error_type":"upstream_error",'
        '"status_code":', text(err_code), ',"channel_id":3,"channel_name":"openai-main"}', "",
    )  # fmt: skip
    other = pc.if_else(pa.array(error), error_other, consume_other)
    other = pc.if_else(pa.array(request), other, pa.scalar(""))
    blank = pa.scalar("")
    columns = {
        "id": text(np.arange(1, n + 1) + 900_000),
        "created_at": created,
        "type": text(kind),
        "user_id": text(users),
        "username": pc.binary_join_element_wise("user", text(users), ""),
        "token_name": pc.if_else(
            pa.array(request), pc.binary_join_element_wise("key-", text(users % 97), ""), blank
        ),
        "model_name": pc.if_else(pa.array(request), pa.array(np.array(MODELS)[model]), blank),
        "quota": text(quota),
        "quota_usd": text(np.char.mod("%.6f", quota / 500_000)),
        "prompt_tokens": text(prompt),
        "completion_tokens": text(completion),
        "use_time": text(use_time),
        "is_stream": pa.array(np.where(rng.random(n) < 0.7, "true", "false")),
        "group": pc.if_else(
            pa.array(request), pa.array(np.array(GROUPS)[users % len(GROUPS)]), blank
        ),
        "business_group": pa.array(np.full(n, "")),
        "ip": pa.array(np.full(n, "203.0.113.14")),
        "request_id": pc.if_else(
            pa.array(request),
            pc.binary_join_element_wise(digits, text(np.arange(n) + 10**15), ""),
            blank,
        ),
        "content": content,
        "other": other,
    }
    return pa.table({name: columns[name] for name in HEADER})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    table = generate(args.n, args.seed)
    options = pacsv.WriteOptions(quoting_style="needed")
    pacsv.write_csv(table, args.out, write_options=options)


if __name__ == "__main__":
    main()

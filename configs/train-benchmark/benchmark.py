#!/usr/bin/env python3
"""Benchmarks one checkpoint of the train-and-benchmark example: accuracy and log loss of the
model on a held-out set ("heldout": the training distribution; "shifted": its inputs scaled and
shifted), evaluated in batches. Progress is saved after each batch to $PIPELINE_CHECKPOINT_DIR
(set for cluster jobs, which the pipeline resubmits after a wall-time kill) or --state, so a long
benchmark that is killed resumes where it stopped. Writes one JSON object to --output.

usage: benchmark.py --checkpoint FILE.npz --benchmark NAME --output FILE.json
                    [--batches N] [--batch-seconds S] [--state DIR]
"""
import argparse
import json
import os
import sys
import time

import numpy as np

BENCHMARKS = {"heldout": (0.0, 1.0), "shifted": (0.7, 1.5)}


def held_out(name, n, d, seed=7):
    shift, scale = BENCHMARKS[name]
    rng = np.random.default_rng(seed)
    true_w = rng.normal(size=d)  # the trainer's first draw: the same ground truth
    rng = np.random.default_rng(1000 + sorted(BENCHMARKS).index(name))
    x = rng.normal(size=(n, d))
    y = (x @ true_w + 0.5 * rng.normal(size=n) > 0).astype(np.float64)
    return x * scale + shift, y


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--benchmark", required=True, choices=sorted(BENCHMARKS))
    ap.add_argument("--output", required=True)
    ap.add_argument("--batches", type=int, default=4)
    ap.add_argument("--batch-seconds", type=float, default=0.0)
    ap.add_argument("--state", default=os.environ.get("PIPELINE_CHECKPOINT_DIR", ""))
    a = ap.parse_args(argv)
    with np.load(a.checkpoint) as f:
        w, step = f["w"], int(f["step"])
    x, y = held_out(a.benchmark, 2000, len(w))
    progress = os.path.join(a.state, "progress.json") if a.state else None
    done = {"batches": 0, "correct": 0.0, "loss": 0.0}
    if progress and os.path.exists(progress):
        with open(progress) as f:
            done = json.load(f)
        print("resuming at batch %d" % done["batches"], flush=True)
    for b, (xb, yb) in enumerate(zip(np.array_split(x, a.batches), np.array_split(y, a.batches))):
        if b < done["batches"]:
            continue
        p = 1.0 / (1.0 + np.exp(-(xb @ w)))
        done["correct"] += float(np.sum((p > 0.5) == (yb > 0.5)))
        done["loss"] += float(-np.sum(yb * np.log(p + 1e-12) + (1 - yb) * np.log(1 - p + 1e-12)))
        done["batches"] = b + 1
        if a.batch_seconds > 0:
            time.sleep(a.batch_seconds)
        if progress:
            os.makedirs(a.state, exist_ok=True)
            with open(progress + ".tmp", "w") as f:
                json.dump(done, f)
            os.replace(progress + ".tmp", progress)
    result = {"checkpoint": os.path.basename(a.checkpoint)[:-4], "step": step,
              "benchmark": a.benchmark, "accuracy": done["correct"] / len(y),
              "loss": done["loss"] / len(y)}
    with open(a.output, "w") as f:
        json.dump(result, f, sort_keys=True)
        f.write("\n")
    print("%s %s accuracy %.4f" % (result["checkpoint"], a.benchmark, result["accuracy"]), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python3
"""A small NumPy trainer for the train-and-benchmark example (`pipeline init train-benchmark`).

Trains a logistic-regression model on synthetic data by gradient descent, writes a checkpoint
every K steps (CHECKPOINTS/step-NNNNNN.npz, written to a temporary name and renamed into place)
and publishes it to the pipeline by appending "NAME<TAB>PATH" to $PIPELINE_PUBLISH_FILE, so a
benchmark of it starts at once while training goes on. Started again (after a wall-time kill, a
crash, a Ctrl-C), it resumes from the last checkpoint; checkpoints written before are published
again, which the pipeline ignores (it knows them by name).

usage: train.py --steps N --every K --checkpoints DIR --output FILE.npz
                [--workdir DIR] [--step-seconds S] [--seed N] [--lr X]
"""
import argparse
import glob
import os
import sys
import time

import numpy as np


def dataset(seed, workdir, n=4000, d=16):
    """The training set, cached in the scratch workdir (the seed's per-job data copy)."""
    cache = os.path.join(workdir, "train-data.npz") if workdir else None
    if cache and os.path.exists(cache):
        with np.load(cache) as f:
            return f["x"], f["y"]
    rng = np.random.default_rng(seed)
    true_w = rng.normal(size=d)
    x = rng.normal(size=(n, d))
    y = (x @ true_w + 0.5 * rng.normal(size=n) > 0).astype(np.float64)
    if cache:
        os.makedirs(workdir, exist_ok=True)
        save_atomically(cache, x=x, y=y)
    return x, y


def save_atomically(path, **arrays):
    tmp = path + ".tmp-%d.npz" % os.getpid()
    with open(tmp, "wb") as f:
        np.savez(f, **arrays)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def publish(name, path):
    manifest = os.environ.get("PIPELINE_PUBLISH_FILE")
    if not manifest:
        return
    with open(manifest, "a") as f:
        f.write("%s\t%s\n" % (name, os.path.abspath(path)))
        f.flush()
        os.fsync(f.fileno())


def checkpoints(directory):
    return sorted(glob.glob(os.path.join(directory, "step-*.npz")))


def loss_and_grad(w, x, y):
    p = 1.0 / (1.0 + np.exp(-(x @ w)))
    eps = 1e-12
    loss = -np.mean(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps))
    return loss, x.T @ (p - y) / len(y)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--steps", type=int, required=True)
    ap.add_argument("--every", type=int, required=True)
    ap.add_argument("--checkpoints", required=True)
    ap.add_argument("--output", required=True)
    ap.add_argument("--workdir", default="")
    ap.add_argument("--step-seconds", type=float, default=0.0)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--lr", type=float, default=0.5)
    a = ap.parse_args(argv)
    if a.steps < 1 or a.every < 1:
        ap.error("--steps and --every must be at least 1")
    os.makedirs(a.checkpoints, exist_ok=True)
    x, y = dataset(a.seed, a.workdir)
    existing = checkpoints(a.checkpoints)
    for path in existing:
        publish(os.path.basename(path)[:-4], path)
    if existing:
        with np.load(existing[-1]) as f:
            w, step = f["w"], int(f["step"])
        print("resuming from %s (step %d)" % (os.path.basename(existing[-1]), step), flush=True)
    else:
        w, step = np.zeros(x.shape[1]), 0
        print("starting at step 0", flush=True)
    while step < a.steps:
        loss, grad = loss_and_grad(w, x, y)
        w = w - a.lr * grad
        step += 1
        if a.step_seconds > 0:
            time.sleep(a.step_seconds)
        if step % a.every == 0 or step == a.steps:
            name = "step-%06d" % step
            path = os.path.join(a.checkpoints, name + ".npz")
            save_atomically(path, w=w, step=np.int64(step), loss=np.float64(loss))
            publish(name, path)
            print("checkpoint %s loss %.4f" % (name, loss), flush=True)
    with open(a.output, "wb") as f:
        np.savez(f, w=w, step=np.int64(step))
    print("trained %d steps" % step, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

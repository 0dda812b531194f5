#!/usr/bin/env python3
"""Reads a run's journal.jsonl (a bench.GpuMix run) and prints
makespan_s lower_bound_s ratio critical_path_s gpu_seconds two_gpu_tasks last_two_gpu_start_share
from the measured task times: makespan = last DONE - first RUNNING; lower bound =
max(critical path, GPU-seconds / GPUs), both from the measured durations."""
import json, re, sys
from datetime import datetime

journal, gpus = sys.argv[1], int(sys.argv[2])
start, end, params = {}, {}, {}
for line in open(journal):
    r = json.loads(line)
    if r.get("type") != "task":
        continue
    t = datetime.fromisoformat(r["time"].replace("Z", "+00:00")).timestamp()
    if r["state"] == "RUNNING":
        start[r["task"]] = t
    elif r["state"] == "DONE":
        end[r["task"]] = t
    params[r["task"]] = dict(re.findall(r"(\w+)=([^,)]*)", r["task"]))
dur = {k: end[k] - start[k] for k in end if k in start and not k.startswith("bench.GpuMix")}
steps = {(p["seed"], p["i"]): dur[k] for k, p in params.items() if k.startswith("bench.SleepStep") and k in dur}
gpu_seconds, critical, two = 0.0, 0.0, []
for k, d in dur.items():
    p = params[k]
    if k.startswith("bench.GpuTrial"):
        gpu_seconds += int(p["gpus"]) * d
        prep = steps.get((p["seed"], p["i"]), 0.0) if int(p["prep"]) > 0 else 0.0
        critical = max(critical, prep + d)
        if p["gpus"] == "2":
            two.append(start[k])
    else:
        critical = max(critical, d)
first, last = min(start[k] for k in dur), max(end[k] for k in dur)
makespan = last - first
bound = max(critical, gpu_seconds / gpus)
share = (max(two) - first) / makespan if two else 0.0
print(f"{makespan:.3f} {bound:.3f} {makespan / bound:.3f} {critical:.3f} {gpu_seconds:.2f} {len(two)} {share:.2f}")

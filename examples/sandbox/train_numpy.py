#!/usr/bin/env python3
"""A NumPy replacement for the sandbox's Train task, honouring its command-task contract
(docs/sandbox.md, "GPUs and replacing training"):

  reads   --data DIR      DATA_DIR/train: background.npy, signals.npy, metadata.json
  writes  --model PATH    model.bin (SBXCNN02: the Java Cnn's layout; Export turns it into ONNX)
          --metrics PATH  metrics.json with validation_auroc (Tune ranks trials by it)
          --batch PATH    batch.npy, float32 [64, ifo, kernel] whitened validation windows

The network is the Java one (Conv(F/2, k16, s2) -> ReLU -> Conv(F, k8, s2) -> ReLU -> global max ->
dense -> logit) at 256 Hz (no anti-aliasing front end, so only sample_rate 256), trained with
binary cross-entropy and Adam, with hand-written backprop. Whitening follows the Java convention:
Welch PSD (4 s Hann segments, 50 % overlap), divide by sqrt(S fs / 2) above the high-pass, so
white noise has unit variance per in-band sample and a whitened waveform's norm is its SNR.

[Train]
command = /usr/bin/python3 examples/sandbox/train_numpy.py --data {input[data]}
    --model {output[model]} --metrics {output[metrics]} --batch {output[batch]}
    --epochs {epochs} --learning-rate {learning_rate} --filters {filters} --seed {seed}
"""
import argparse
import json
import struct
import sys
import time

import numpy as np


def welch(x, nfft, fs):
    window = np.hanning(nfft + 1)[:-1]  # periodic Hann, as the Java Psd.hann
    hop = nfft // 2
    starts = range(0, len(x) - nfft + 1, hop)
    power = np.mean([np.abs(np.fft.rfft(x[s:s + nfft] * window)) ** 2 for s in starts], axis=0)
    psd = 2 * power / (fs * np.sum(window ** 2))
    psd[0] /= 2
    psd[-1] /= 2
    return np.fft.rfftfreq(nfft, 1 / fs), psd


def whitener(x, fs, highpass):
    freqs, psd = welch(x, int(4 * fs), fs)

    def whiten(y):
        n = len(y)
        f = np.fft.rfftfreq(n, 1 / fs)
        gain = np.where(f >= highpass, 1 / np.sqrt(np.interp(f, freqs, psd) * fs / 2), 0.0)
        gain[-1] = 0
        return np.fft.irfft(np.fft.rfft(y) * gain, n)

    return whiten


def sample(rng, bg, waves, kernel, n, signal_fraction, snr_range):
    channels, length = bg.shape
    x = np.empty((n, channels, kernel), np.float32)
    y = (rng.random(n) < signal_fraction).astype(np.float32)
    for i in range(n):
        start = rng.integers(0, length - kernel)
        x[i] = bg[:, start:start + kernel]
        if y[i]:
            w, peak = waves[rng.integers(len(waves))]
            snr = rng.uniform(*snr_range)
            scale = snr / np.sqrt(np.sum(w ** 2))
            at = int((0.25 + 0.70 * rng.random()) * kernel)  # merger between 25 % and 95 % of the window
            lo = peak - at
            seg = np.zeros((channels, kernel))
            a, b = max(0, lo), min(w.shape[1], lo + kernel)
            seg[:, a - lo:b - lo] = w[:, a:b]
            x[i] += (scale * seg).astype(np.float32)
    return x, y


class Cnn:
    def __init__(self, channels, filters, rng):
        self.f1, self.k1, self.s1, self.f2, self.k2, self.s2 = max(1, filters // 2), 16, 2, filters, 8, 2
        he = lambda fan_in, *shape: (rng.standard_normal(shape) * np.sqrt(2 / fan_in)).astype(np.float32)
        self.params = [he(channels * self.k1, self.f1, channels, self.k1), np.zeros(self.f1, np.float32),
                       he(self.f1 * self.k2, self.f2, self.f1, self.k2), np.zeros(self.f2, np.float32),
                       (rng.standard_normal((1, self.f2)) * np.sqrt(1 / self.f2)).astype(np.float32),
                       np.zeros(1, np.float32)]

    @staticmethod
    def cols(x, k, s):  # [B, C, L] -> [B, T, C*k]
        t = (x.shape[2] - k) // s + 1
        idx = np.arange(t)[:, None] * s + np.arange(k)[None, :]
        return x[:, :, idx].transpose(0, 2, 1, 3).reshape(x.shape[0], t, -1), idx

    def forward(self, x):
        w1, b1, w2, b2, w3, b3 = self.params
        c1, i1 = self.cols(x, self.k1, self.s1)
        a1 = np.maximum(c1 @ w1.reshape(self.f1, -1).T + b1, 0)  # [B, T1, F1]
        c2, i2 = self.cols(a1.transpose(0, 2, 1), self.k2, self.s2)
        a2 = np.maximum(c2 @ w2.reshape(self.f2, -1).T + b2, 0)  # [B, T2, F2]
        arg = a2.argmax(axis=1)
        pooled = a2.max(axis=1)
        logit = pooled @ w3[0] + b3[0]
        self.cache = (x, c1, i1, a1, c2, i2, a2, arg, pooled)
        return logit

    def backward(self, dlogit):
        w1, b1, w2, b2, w3, b3 = self.params
        x, c1, i1, a1, c2, i2, a2, arg, pooled = self.cache
        bsz = x.shape[0]
        g = [None] * 6
        g[5] = np.array([dlogit.sum()])
        g[4] = (dlogit @ pooled)[None, :]
        dpool = dlogit[:, None] * w3[0][None, :] * (pooled > 0)
        dz2 = np.zeros_like(a2)
        dz2[np.arange(bsz)[:, None], arg, np.arange(self.f2)[None, :]] = dpool
        g[3] = dz2.sum(axis=(0, 1))
        g[2] = np.einsum("btf,btk->fk", dz2, c2).reshape(w2.shape)
        dc2 = (dz2 @ w2.reshape(self.f2, -1)).reshape(bsz, -1, self.f1, self.k2)  # [B, T2, F1, k2]
        da1 = np.zeros((bsz, self.f1, a1.shape[1]))
        np.add.at(da1, (slice(None), slice(None), i2), dc2.transpose(0, 2, 1, 3))
        dz1 = da1.transpose(0, 2, 1) * (a1 > 0)  # [B, T1, F1]
        g[1] = dz1.sum(axis=(0, 1))
        g[0] = np.einsum("btf,btk->fk", dz1, c1).reshape(w1.shape)
        return g

    def write(self, path, channels, length):
        with open(path, "wb") as f:
            f.write(b"SBXCNN02")
            f.write(struct.pack(">9i", channels, length, 1, self.f1, self.k1, self.s1, self.f2, self.k2, self.s2))
            for p in self.params:
                f.write(np.ascontiguousarray(p, dtype=">f4").tobytes())


def auroc(scores, labels):
    order = np.argsort(scores)
    ranks = np.empty(len(scores))
    ranks[order] = np.arange(1, len(scores) + 1)
    pos = labels == 1
    n1, n0 = pos.sum(), (~pos).sum()
    return float((ranks[pos].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def bce(logit, y):
    return float(np.mean(np.logaddexp(0, logit) - y * logit))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", required=True)
    p.add_argument("--model", required=True)
    p.add_argument("--metrics", required=True)
    p.add_argument("--batch", required=True)
    p.add_argument("--epochs", type=int, default=6)
    p.add_argument("--learning-rate", type=float, default=3e-3)
    p.add_argument("--filters", type=int, default=16)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--windows-per-epoch", type=int, default=4096)
    p.add_argument("--validation-windows", type=int, default=1024)
    p.add_argument("--kernel-length", type=float, default=1.0)
    p.add_argument("--highpass", type=float, default=20.0)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    meta = json.load(open(a.data + "/metadata.json"))
    fs = float(meta["sample_rate"])
    if fs != 256:
        sys.exit(f"train_numpy.py: sample_rate {fs:g} Hz: this example has no anti-aliasing front end; use 256 Hz")
    t0 = time.time()
    raw = np.load(a.data + "/background.npy").astype(np.float64)
    signals = np.load(a.data + "/signals.npy").astype(np.float64)
    peak = int(meta["coalescence_index"])
    whiten = [whitener(raw[c], fs, a.highpass) for c in range(raw.shape[0])]
    edge = int(fs)  # drop a second at each end: the whitening wraps around there
    bg = np.stack([whiten[c](raw[c])[edge:-edge] for c in range(raw.shape[0])]).astype(np.float32)
    pad = int(fs)
    waves = [(np.stack([whiten[c](np.pad(s[c], pad))[pad:-pad] for c in range(s.shape[0])]), peak) for s in signals]
    split_bg, split_w = int(0.8 * bg.shape[1]), int(0.8 * len(waves))
    kernel = int(round(a.kernel_length * fs))
    rng = np.random.default_rng(a.seed)
    val_x, val_y = sample(np.random.default_rng(a.seed + 7), bg[:, split_bg:], waves[split_w:], kernel,
                          a.validation_windows, 0.5, (6, 20))
    model = Cnn(bg.shape[0], a.filters, rng)
    m = [np.zeros_like(q) for q in model.params]
    v = [np.zeros_like(q) for q in model.params]
    step, history = 0, []
    for epoch in range(1, a.epochs + 1):
        losses = []
        for _ in range(max(1, a.windows_per_epoch // a.batch_size)):
            x, y = sample(rng, bg[:, :split_bg], waves[:split_w], kernel, a.batch_size, 0.5, (6, 20))
            logit = model.forward(x)
            losses.append(bce(logit, y))
            grads = model.backward((1 / (1 + np.exp(-logit)) - y) / len(y))
            step += 1
            for i, gi in enumerate(grads):
                m[i] = 0.9 * m[i] + 0.1 * gi
                v[i] = 0.999 * v[i] + 0.001 * gi * gi
                mh, vh = m[i] / (1 - 0.9 ** step), v[i] / (1 - 0.999 ** step)
                model.params[i] = (model.params[i] - a.learning_rate * mh / (np.sqrt(vh) + 1e-8)).astype(np.float32)
        val_logit = model.forward(val_x)
        history.append({"epoch": epoch, "train_loss": float(np.mean(losses)),
                        "validation_loss": bce(val_logit, val_y), "validation_auroc": auroc(val_logit, val_y)})
        print(f"epoch {epoch}: train loss {history[-1]['train_loss']:.4f}, "
              f"validation AUROC {history[-1]['validation_auroc']:.4f}", flush=True)
    model.write(a.model, bg.shape[0], kernel)
    np.save(a.batch, val_x[:64])
    last = history[-1]
    json.dump({"validation_auroc": last["validation_auroc"], "validation_loss": last["validation_loss"],
               "train_loss": last["train_loss"], "device": "cpu (numpy)", "seconds": time.time() - t0,
               "trainer": "examples/sandbox/train_numpy.py", "epochs": history,
               "batch_logits": [float(v) for v in model.forward(val_x[:64])]}, open(a.metrics, "w"), indent=2)


if __name__ == "__main__":
    main()

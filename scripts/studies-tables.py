#!/usr/bin/env python3
"""Regenerates the tables of the study pages (docs/studies/*.md) from the committed CSVs.

    python3 scripts/studies-tables.py        (scripts/studies-refresh.sh runs it)

Each table sits between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->` in a page;
everything outside those markers is left alone. The inputs are
docs/studies/<study>/results/<sweep>/{summary,results,details}.csv, manifest.json, sweep.log
(scripts/studies-refresh.sh); a sweep without results shows as "not run yet". The rules that
turn numbers into verdicts are fixed here and stated on the pages; they use the ideal-crossbar
baseline, alpha = 1 (the untuned analytic range) and profiled ranges (calibrated on training
images), never a value chosen on the test set.
"""
import csv
import os
import re
import statistics

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
STUDIES = os.path.join(ROOT, "docs", "studies")
BNN = ["BNN_I", "BNN_II", "BNN_III", "BNN_IV", "BNN_V", "BNN_VI"]
TNN = ["TNN_I", "TNN_II", "TNN_III", "TNN_IV", "TNN_V"]
# Differential: each output is the difference of two columns' currents, converted by an ADC
# with a symmetric range (docs/crossbar/mappings.md, table "ADC range"); the others convert
# single-ended column currents (positive range).
DIFFERENTIAL = {"BNN_I", "BNN_II", "BNN_VI", "TNN_I", "TNN_II", "TNN_III"}
MODELS = ["bnn-mlp", "tnn-mlp", "bnn-cnn", "tnn-cnn"]
SIGMAS = ["0", "1", "2", "3", "4", "5", "8", "12", "16"]
SIZES = ["64", "128", "256", "512"]


def mappings(model):
    return BNN if model.startswith("bnn") else TNN


def read_csv(path):
    if not os.path.exists(path):
        return []
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def sweep_file_points(path):
    """(points, chips, images) of a sweep file: the product of its axes' lengths."""
    points, chips, images, section = 1, 1, 0, ""
    for line in open(path):
        line = line.split("#", 1)[0].strip()
        if re.fullmatch(r"\[.*\]", line):
            section = line
        elif "=" in line:
            k, v = (s.strip() for s in line.split("=", 1))
            if section == "[axes]":
                points *= len(v.split())
            elif section == "" and k == "chips":
                chips = int(v)
            elif section == "" and k == "images":
                images = int(v)
    return points, chips, images


class Sweep:
    """One sweep's committed results (docs/studies/<study>/results/<name>/)."""

    def __init__(self, study, name):
        self.study, self.name = study, name
        self.cfg = os.path.join(STUDIES, study, name + ".cfg")
        self.points, self.chips, self.images = sweep_file_points(self.cfg)
        d = os.path.join(STUDIES, study, "results", name)
        self.dir = d
        self.rows = read_csv(os.path.join(d, "results.csv"))
        self.summary = read_csv(os.path.join(d, "summary.csv"))
        self.details = read_csv(os.path.join(d, "details.csv"))
        self.log = os.path.join(d, "sweep.log")

    @property
    def rows_total(self):
        return self.points * self.chips

    def done(self):
        return len(self.rows)

    def state(self):
        if not self.rows:
            return "not run yet"
        if self.done() == self.rows_total:
            return "finished"
        return f"partial: {self.done()}/{self.rows_total} runs"

    def wall_s(self):
        """Wall time of this sweep's runs: cimx sweep's progress lines say "elapsed H:MM:SS"
        since that invocation started; an invocation's last value is its time, and a value
        smaller than the one before starts a new invocation (a resume). Lines of the other
        queue's attempts on a busy sweep have no elapsed time."""
        if not os.path.exists(self.log):
            return None
        total, prev = 0, None
        for line in open(self.log):
            m = re.search(r"elapsed (\d+):(\d\d):(\d\d)", line)
            if not m:
                continue
            v = int(m.group(1)) * 3600 + int(m.group(2)) * 60 + int(m.group(3))
            if prev is not None and v < prev:
                total += prev
            prev = v
        return None if prev is None else total + prev

    def host_s(self):
        """Sum of the runs' host wall times (results.csv host_s)."""
        return sum(float(r["host_s"]) for r in self.rows if r["host_s"])

    def where(self, **axes):
        want = {k.replace("__", "."): v for k, v in axes.items()}
        for r in self.summary:
            if all(r.get(k) == v for k, v in want.items()):
                return r
        return None

    def detail_rows(self, **axes):
        want = {k.replace("__", "."): v for k, v in axes.items()}
        return [r for r in self.details
                if r["status"] == "ok" and all(r.get(k) == v for k, v in want.items())]


def pct(x, digits=2):
    return "" if x in (None, "") else f"{100 * float(x):.{digits}f}"


def mean_std(r):
    """'mean ± std' in % of a summary row (std over the chips; '' below two chips)."""
    if r is None or not r["top1_mean"]:
        return "·"
    s = pct(r["top1_mean"])
    if r["top1_std"]:
        s += f" ± {pct(r['top1_std'])}"
    return s


def hms(seconds):
    if seconds is None:
        return ""
    seconds = int(round(seconds))
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(out)


def sweeps(study):
    names = sorted(f[:-4] for f in os.listdir(os.path.join(STUDIES, study))
                   if f.endswith(".cfg") and not f.startswith("xbar-"))
    return {n: Sweep(study, n) for n in names}


# ---------------------------------------------------------------------------------------------
# README: the status of every sweep


def status_table(all_sweeps, per_study_table=True):
    rows = []
    for s in all_sweeps:
        rows.append([f"[{s.study}/{s.name}.cfg]({s.study}/{s.name}.cfg)", s.images,
                     s.chips, f"{s.points} x {s.chips} = {s.rows_total}", s.state(),
                     hms(s.wall_s()), hms(s.host_s()) if s.rows else ""])
    if not per_study_table:
        return table(["sweep", "images", "chips", "runs", "state", "wall time so far",
                      "sum of the runs' host times"], rows)
    per_study = []
    for study in ["adc", "variability", "xbar-size"]:
        ss = [s for s in all_sweeps if s.study == study]
        walls = [s.wall_s() for s in ss if s.wall_s() is not None]
        per_study.append([study, f"{sum(s.done() for s in ss)}/{sum(s.rows_total for s in ss)}",
                          hms(sum(walls)) if walls else ""])
    return table(["sweep", "images", "chips", "runs", "state", "wall time so far",
                  "sum of the runs' host times"], rows) + "\n\nPer study (wall time: the sum " \
        "over its sweeps, which ran one at a time per queue):\n\n" + \
        table(["study", "runs done", "wall time so far"], per_study)


# ---------------------------------------------------------------------------------------------
# Study 1: ADC


def baseline(*sweeps_):
    for s in sweeps_:
        for r in s.summary:
            if r["baseline_top1_mean"]:
                return float(r["baseline_top1_mean"])
    return None


def adc_model_table(sw, model):
    none, prof = sw[model + "-none"], sw[model + "-profile"]
    base = baseline(none, prof)
    header = ["mapping"] + [f"{b} bits: α=1 / best α (α) / profile" for b in ["3", "4", "5", "6", "8"]]
    rows = []
    for m in mappings(model):
        row = [m]
        for b in ["3", "4", "5", "6", "8"]:
            a1 = none.where(xbar__mapping=m, xbar__adc_bits=b, xbar__adc_alpha="1.0")
            cands = [r for r in none.summary if r["xbar.mapping"] == m and
                     r["xbar.adc_bits"] == b and r["top1_mean"]]
            best = max(cands, key=lambda r: float(r["top1_mean"])) if cands else None
            p = prof.where(xbar__mapping=m, xbar__adc_bits=b)
            cell = (pct(a1["top1_mean"]) if a1 and a1["top1_mean"] else "·") + " / "
            cell += (f"{pct(best['top1_mean'])} ({best['xbar.adc_alpha']}"
                     f"{'' if len(cands) == 10 else f', {len(cands)} of 10 α'})"
                     if best else "·") + " / "
            cell += pct(p["top1_mean"]) if p and p["top1_mean"] else "·"
            row.append(cell)
        rows.append(row)
    note = (f"Ideal-crossbar baseline (the reference executor on the same images): "
            f"{pct(base)} %." if base else "No results yet.")
    return note + "\n\n" + table(header, rows)


def drop_points(r, base):
    return None if r is None or not r["top1_mean"] or base is None else \
        100 * (base - float(r["top1_mean"]))


def adc_finding(sw):
    """Finding 2: 3-bit ADCs suffice for larger BNNs. Suffice = within 1 point of the ideal
    crossbar; per model the best mapping with the untuned range (alpha 1) and with profiled
    ranges."""
    rows = []
    for model in MODELS:
        none, prof = sw[model + "-none"], sw[model + "-profile"]
        base = baseline(none, prof)
        cells = [model, pct(base) if base else "·"]
        suffice = []
        for bits in ["3", "4"]:
            for kind, s, extra in [("α=1", none, {"xbar__adc_alpha": "1.0"}), ("profile", prof, {})]:
                got = [(m, drop_points(s.where(xbar__mapping=m, xbar__adc_bits=bits, **extra), base))
                       for m in mappings(model)]
                got = [(m, d) for m, d in got if d is not None]
                if not got:
                    cells.append("·")
                    if bits == "3":
                        suffice.append(f"{kind}: pending")
                    continue
                m, d = min(got, key=lambda x: x[1])
                worst = max(got, key=lambda x: x[1])
                if bits == "3":
                    complete = len(got) == len(mappings(model))
                    suffice.append(f"{kind}: " + ("yes" if d <= 1 else "no" if complete
                                                   else "pending"))
                part = "" if len(got) == len(mappings(model)) else f", {len(got)} of {len(mappings(model))} mappings"
                cells.append(f"{d:+.2f} ({m}); worst {worst[1]:+.2f} ({worst[0]}){part}")
        rows.append(cells + ["; ".join(suffice) if suffice else "pending"])
    return table(["model", "ideal top-1 %", "3 bits α=1: smallest drop (mapping)",
                  "3 bits profile", "4 bits α=1", "4 bits profile",
                  "3 bits suffice (a mapping within 1 point)"], rows)


# ---------------------------------------------------------------------------------------------
# Study 2: variability


def var_model_table(sw, model, which):
    s = sw[f"{model}-{which}"]
    lrs = sw[f"{model}-lrs"]
    key = f"xbar.sigma_{which}"
    rows = []
    for m in mappings(model):
        row = [m + (" (diff.)" if m in DIFFERENTIAL else "")]
        for sg in SIGMAS:
            if sg == "0":
                r = lrs.where(xbar__mapping=m, xbar__sigma_lrs="0")
            else:
                r = s.where(**{"xbar__mapping": m, key.replace(".", "__"): sg})
            row.append(mean_std(r))
        rows.append(row)
    return table(["mapping"] + [f"σ={sg} uA" for sg in SIGMAS], rows)


def robustness(s, model, key):
    """Mean top-1 (%) of each mapping over the sweep's sigma > 0 points (None if incomplete)."""
    score = {}
    for m in mappings(model):
        vals = [float(r["top1_mean"]) for r in s.summary
                if r["xbar.mapping"] == m and r[key] != "0" and r["top1_mean"]]
        score[m] = 100 * statistics.mean(vals) if len(vals) == 8 else None
    return score


def var_finding(sw):
    """Finding 1: differential mappings are the most robust. Per model and swept state: each
    mapping's mean top-1 over sigma = 1 ... 16 uA; agree when the best mapping is differential
    and the differential mappings' average beats the single-ended ones'."""
    rows = []
    for model in MODELS:
        for which in ["lrs", "hrs"]:
            s = sw[f"{model}-{which}"]
            sc = robustness(s, model, f"xbar.sigma_{which}")
            done = {m: v for m, v in sc.items() if v is not None}
            if len(done) < len(sc):
                rows.append([model, which.upper(), f"pending ({len(done)} of {len(sc)} mappings "
                             "complete)", "", "", ""])
                continue
            rank = sorted(done, key=lambda m: -done[m])
            d = statistics.mean(done[m] for m in done if m in DIFFERENTIAL)
            se = statistics.mean(done[m] for m in done if m not in DIFFERENTIAL)
            verdict = "agree" if rank[0] in DIFFERENTIAL and d > se else \
                "disagree" if rank[0] not in DIFFERENTIAL and d < se else "mixed"
            rows.append([model, which.upper(),
                         ", ".join(f"{m} {done[m]:.2f}" for m in rank),
                         f"{d:.2f}", f"{se:.2f}", verdict])
    return table(["model", "σ of", "mean top-1 % over σ = 1 ... 16 uA, best first",
                  "differential avg", "single-ended avg", "verdict"], rows)


def var_spread(sw):
    """The spread over chips: largest chip-to-chip standard deviation per model and sweep."""
    rows = []
    for model in MODELS:
        for which in ["lrs", "hrs"]:
            s = sw[f"{model}-{which}"]
            stds = [(float(r["top1_std"]), r) for r in s.summary if r["top1_std"]]
            if not stds:
                rows.append([model, which.upper(), "·", "·"])
                continue
            v, r = max(stds, key=lambda x: x[0])
            rows.append([model, which.upper(), f"{100 * v:.2f}",
                         f"{r['xbar.mapping']}, σ={r['xbar.sigma_' + which]} uA "
                         f"(min {pct(r['top1_min'])}, max {pct(r['top1_max'])})"])
    return table(["model", "σ of", "largest std over 5 chips (points)", "at"], rows)


# ---------------------------------------------------------------------------------------------
# Study 3: crossbar size


def size_table(sw, model):
    s = sw[model]
    rows = []
    for size in SIZES:
        cfg = f"docs/studies/xbar-size/xbar-{size}.cfg"
        for m in mappings(model):
            r = s.where(config=cfg, xbar__mapping=m)
            det = s.detail_rows(config=cfg, xbar__mapping=m)
            if not det:
                rows.append([f"{size}x{size}", m, mean_std(r), "", "", "", "", "", ""])
                continue
            avg = lambda k: statistics.mean(float(d[k]) for d in det)
            tiles = det[0]["tiles"]
            rows.append([f"{size}x{size}", m, mean_std(r), f"{1e3 * avg('latency_s'):.3f}",
                         f"{1e6 * avg('energy_j'):.3f}",
                         f"{1e9 * (avg('energy_j') - avg('energy_cpu_j')):.1f}",
                         f"{100 * avg('cpu_latency_share'):.2f}", det[0]["crossbars"],
                         f"{avg('programs_per_batch'):g}" + (f" ({tiles} tiles)" if tiles else ""),
                         ])
    return table(["crossbar", "mapping", "top-1 % (mean ± std, 5 chips)", "latency ms",
                  "energy uJ", "accelerator energy nJ", "CPU share of latency %", "crossbars",
                  "re-programmings per batch"], rows)


# ---------------------------------------------------------------------------------------------
# Study 4: cost per mapping (from the runs of studies 1 and 2)


def cost_table(sw_adc, sw_var, model):
    rows = []
    for m in mappings(model):
        ideal = sw_var[f"{model}-lrs"].detail_rows(xbar__mapping=m, xbar__sigma_lrs="0")
        adc4 = sw_adc[f"{model}-profile"].detail_rows(xbar__mapping=m, xbar__adc_bits="4")
        cells = [m]
        for det in (ideal, adc4):
            if not det:
                cells += ["·"] * 4
                continue
            d = det[0]
            cells += [f"{1e3 * float(d['latency_s']):.3f}", f"{1e6 * float(d['energy_j']):.3f}",
                      f"{1e9 * (float(d['energy_j']) - float(d['energy_cpu_j'])):.1f}",
                      f"{100 * float(d['cpu_latency_share']):.2f} / "
                      f"{100 * float(d['cpu_energy_share']):.2f}"]
        rows.append(cells)
    return table(["mapping", "ideal ADC: latency ms", "energy uJ", "accelerator nJ",
                  "CPU share % latency / energy", "4-bit profiled ADC: latency ms", "energy uJ",
                  "accelerator nJ", "CPU share % latency / energy"], rows)


def first_layer_table(cost, model):
    """Study 4's own runs (cost/MODEL.cfg): per mapping, the first layer on the CPU vs bit-sliced
    on the crossbar: top-1, latency, energy and the CPU's shares."""
    sw = cost.get(model)
    rows = []
    for m in mappings(model):
        cells = [m]
        for place in ("cpu", "xbar"):
            r = sw.where(xbar__mapping=m, **{"first-layer": place}) if sw else None
            det = sw.detail_rows(xbar__mapping=m, **{"first-layer": place}) if sw else []
            if r is None or not det:
                cells += ["·"] * 4
                continue
            d = det[0]
            cells += [pct(r["top1_mean"]), f"{1e3 * float(d['latency_s']):.3f}",
                      f"{1e6 * float(d['energy_j']):.3f}",
                      f"{100 * float(d['cpu_latency_share']):.1f} / "
                      f"{100 * float(d['cpu_energy_share']):.1f}"]
        rows.append(cells)
    return table(["mapping", "1st layer CPU: top-1 %", "latency ms", "energy uJ",
                  "CPU share % latency / energy", "1st layer crossbar: top-1 %", "latency ms",
                  "energy uJ", "CPU share % latency / energy"], rows)


# ---------------------------------------------------------------------------------------------
# Finding 3: TNNs trade differently (BNN vs TNN of the same architecture)


def mean_drop(s, base, model, **axes):
    """Mean over the model's mappings of (ideal - top-1) in points; None unless all ran."""
    d = [drop_points(s.where(xbar__mapping=m, **axes), base) for m in mappings(model)]
    return None if any(x is None for x in d) else statistics.mean(d)


def var_drop(s, base, model, key):
    sc = robustness(s, model, key)
    if base is None or any(v is None for v in sc.values()):
        return None
    return 100 * base - statistics.mean(sc.values())


def tnn_finding(adc, var):
    rows = []
    fmt = lambda x: "·" if x is None else f"{x:+.2f}"
    for model in MODELS:
        prof = adc[model + "-profile"]
        base = baseline(prof, adc[model + "-none"])
        vbase = baseline(var[model + "-lrs"], var[model + "-hrs"])
        rows.append([model, pct(base) if base else "·"] +
                    [fmt(mean_drop(prof, base, model, xbar__adc_bits=b)) for b in ["3", "4"]] +
                    [fmt(mean_drop(adc[model + "-none"], base, model, xbar__adc_bits=b,
                                   xbar__adc_alpha="1.0")) for b in ["4", "6"]] +
                    [fmt(var_drop(var[f"{model}-{w}"], vbase, model, "xbar.sigma_" + w))
                     for w in ["lrs", "hrs"]])
    return table(["model", "ideal top-1 %", "3 bits profile", "4 bits profile", "4 bits α=1",
                  "6 bits α=1", "σ LRS 1-16 uA", "σ HRS 1-16 uA"], rows)


# ---------------------------------------------------------------------------------------------
# Plots: cimx plot's SVGs of the committed results that exist


def plots_block(sweeps_, picks):
    """Markdown images of each sweep's chosen plots (file names without .svg), and a link to its
    report.html (every plot and the summary table); sweeps without results are named."""
    out = []
    for s in sweeps_:
        rel = f"{s.study}/results/{s.name}" # pages are docs/studies/<study>.md
        if not s.rows:
            out.append(f"- `{s.name}`: not run yet")
            continue
        out.append(f"- `{s.name}` ({s.state()}): [report.html]({rel}/report.html), "
                   f"[summary.csv]({rel}/summary.csv)")
        for name in picks:
            if os.path.exists(os.path.join(s.dir, "plots", name + ".svg")):
                out.append(f"\n  ![{s.name}: {name}]({rel}/plots/{name}.svg)")
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------


def replace_blocks(page, blocks):
    path = os.path.join(STUDIES, page)
    text = open(path).read()
    for name, body in blocks.items():
        pat = re.compile(r"(<!-- generated:%s -->\n)(?:.*?\n)?(<!-- /generated:%s -->)" %
                         (re.escape(name), re.escape(name)), re.S)
        if not pat.search(text):
            raise SystemExit(f"{path}: no block generated:{name}")
        text = pat.sub(lambda m: m.group(1) + body + "\n" + m.group(2), text)
    open(path, "w").write(text)


def main():
    adc, var, size = sweeps("adc"), sweeps("variability"), sweeps("xbar-size")
    replace_blocks("README.md", {"status": status_table(
        list(adc.values()) + list(var.values()) + list(size.values())),
        "finding-tnn": tnn_finding(adc, var)})
    blocks = {"finding-adc": adc_finding(adc), "status": status_table(adc.values(), False)}
    blocks.update({f"adc-{m}": adc_model_table(adc, m) for m in MODELS})
    blocks["plots"] = plots_block(adc.values(), ["top1-vs-xbar.adc_alpha-1",
                                                 "top1-vs-xbar.adc_bits-10", "top1-vs-xbar.adc_bits"])
    replace_blocks("adc.md", blocks)
    blocks = {"finding-variability": var_finding(var), "spread": var_spread(var),
              "status": status_table(var.values(), False)}
    for m in MODELS:
        for w in ["lrs", "hrs"]:
            blocks[f"var-{m}-{w}"] = var_model_table(var, m, w)
    blocks["plots"] = plots_block(var.values(), ["top1-vs-xbar.sigma_lrs", "top1-vs-xbar.sigma_hrs"])
    replace_blocks("variability.md", blocks)
    blocks = {f"size-{m}": size_table(size, m) for m in MODELS}
    blocks.update({f"size-{m}-xbar1st": size_table(size, m + "-xbar1st") for m in MODELS[:2]})
    blocks["status"] = status_table(size.values(), False)
    blocks["plots"] = plots_block(size.values(), ["top1-vs-energy", "top1-vs-latency"])
    replace_blocks("xbar-size.md", blocks)
    blocks = {f"cost-{m}": cost_table(adc, var, m) for m in MODELS}
    cost = sweeps("cost")
    blocks.update({f"first-layer-{m}": first_layer_table(cost, m) for m in MODELS})
    blocks["plots"] = plots_block([adc[f"{m}-profile"] for m in MODELS] +
                                  [var[f"{m}-lrs"] for m in MODELS],
                                  ["top1-vs-energy", "top1-vs-latency"])
    replace_blocks("cost.md", blocks)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Per-row details of a cimx sweep directory that results.csv does not have, as CSV on stdout.

    scripts/studies-details.py SWEEP_DIR > details.csv

Reads SWEEP_DIR/rows/pP-cC.json (the finished rows, also while the sweep runs) and writes one
line per finished row, in (point, chip) order: the axes, then from the run's record
(docs/user-guide.md, "Running a model"):

  latency_s and its breakdown (cpu, xbar_mvm, xbar_dma, xbar_program) of one image alone;
  energy_j per inference at the run's batch and its breakdown (cpu, xbar_mvm, xbar_adc,
  xbar_dma, xbar_program); setup_s and setup_energy_j (programming the resident tiles, once);
  cpu_latency_share, cpu_energy_share: the CPU's part of latency_s and energy_j;
  crossbars: the accelerator's crossbars (xbar.count: the run's config file, else 16);
  programs_per_batch: the runtime's program commands per batch in the batch loop
  (firmware_stats.xbar_programs / batches), 0 when every tile stays resident;
  tiles: the weight tiles of the network, when that can be told from the counts: every tile
  resident (programs_per_batch = 0) gives no count here (left empty); otherwise
  count - 1 resident tiles plus the ones taking turns on the last crossbar
  (docs/compiler.md, "Placement and re-programming");
  setup_programmed_cells: cells written at setup (the resident tiles' footprint);
  programmed_cells_per_image: cells written in the batch loop / images.
The vp_stats regions are the firmware's: 0 setup, 1 batch loop, 2 latency images.
"""
import csv
import json
import os
import re
import sys

LAT = ["cpu", "xbar_mvm", "xbar_dma", "xbar_program"]
ENE = ["cpu", "xbar_mvm", "xbar_adc", "xbar_dma", "xbar_program"]


def crossbar_count(config, root):
    """xbar.count of a platform config file (the default's 16 without one)."""
    if not config:
        return 16
    path = config if os.path.isabs(config) else os.path.join(root, config)
    section = ""
    with open(path) as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            m = re.fullmatch(r"\[(.*)\]", line)
            if m:
                section = m.group(1).strip()
                continue
            if "=" in line:
                k, v = (s.strip() for s in line.split("=", 1))
                if (section == "xbar" and k == "count") or k == "xbar.count":
                    return int(v)
    return 16


def row_key(name):
    m = re.fullmatch(r"p(\d+)-c(\d+)\.json", name)
    return (int(m.group(1)), int(m.group(2))) if m else None


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: studies-details.py SWEEP_DIR")
    sweep = sys.argv[1]
    manifest = json.load(open(os.path.join(sweep, "manifest.json")))
    axes = [a[0] for a in manifest["sweep"]["axes"]]
    root = os.path.dirname(os.path.abspath(__file__)) + "/.."
    names = sorted((k, n) for n in os.listdir(os.path.join(sweep, "rows"))
                   if (k := row_key(n)) is not None)
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["point", "chip", "seed"] + axes + ["status", "latency_s"] +
                 ["latency_" + c + "_s" for c in LAT] + ["energy_j"] +
                 ["energy_" + c + "_j" for c in ENE] +
                 ["setup_s", "setup_energy_j", "cpu_latency_share", "cpu_energy_share",
                  "crossbars", "programs_per_batch", "tiles", "setup_programmed_cells",
                  "programmed_cells_per_image"])
    for (point, chip), name in names:
        row = json.load(open(os.path.join(sweep, "rows", name)))
        line = [point, chip, row["seed"]] + [row["axes"][a] for a in axes] + [row["status"]]
        rec = row.get("record")
        if row["status"] != "ok" or not isinstance(rec, dict):
            out.writerow(line)
            continue
        lat, ene = rec["latency_breakdown_s"], rec["energy_breakdown_j"]
        fw = rec["firmware_stats"]
        count = crossbar_count(rec["params"].get("config", ""), root)
        per_batch = fw["xbar_programs"] / fw["batches"]
        regions = {r["id"]: r["xbar"] for r in rec["vp_stats"]["regions"]}
        setup_cells = regions[0]["programmed_cells"] if 0 in regions else ""
        cells = regions[1]["programmed_cells"] / rec["images"] if 1 in regions else ""
        line += [rec["latency_s"]] + [lat.get(c, 0.0) for c in LAT] + [rec["energy_j"]]
        line += [ene.get(c, 0.0) for c in ENE]
        line += [rec["setup_s"], rec["setup_energy_j"], lat["cpu"] / rec["latency_s"],
                 ene["cpu"] / rec["energy_j"], count, f"{per_batch:g}",
                 f"{per_batch + count - 1:g}" if per_batch > 0 else "", setup_cells, cells]
        out.writerow(line)


if __name__ == "__main__":
    main()

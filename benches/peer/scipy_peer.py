#!/usr/bin/env python3
"""Python peer of mgate: the same toy model, regimen and tolerances, integrated with scipy's LSODA.

Illustrative toy model of magnesium-gated vitamin D metabolism: not calibrated, not medical advice.
This script is about numerics only: it lets mgate's speed be compared with a careful scipy user's,
and cross-checks mgate's trajectories with an independent integrator.

Usage:  python3 benches/peer/scipy_peer.py INPUT.json OUTPUT.json

INPUT.json is written by `mgate bench` (format in benches/peer/README.md). For every subject the
peer starts from the given state, integrates `solve_ivp(method="LSODA")` segment by segment between
event times (doses, intake changes, samples, end), and at a time where several things happen takes
the sample first (a pre-dose trough), then applies intake changes, then doses, exactly as mgate's
`src/simulate/solver.rs` does. It then compares its samples with mgate's (`expected`) and writes
timing, RHS evaluations and the largest relative difference to OUTPUT.json.

Only numpy, scipy and the standard library are needed. Exit status: 0 when the run completed
(whether or not the two agree: read `agree`), 2 on a malformed input or wrong arguments.
"""

import json
import math
import platform
import sys
import time

import numpy as np
import scipy
from scipy.integrate import solve_ivp

# --- The model (a port of src/model/equations.rs) ------------------------------------------------

#: The nine states, in the order of mgate's `State::NAMES`.
STATE_NAMES = (
    "d3_gut_ug",
    "d3_body_ug",
    "ohd25_ng_ml",
    "calcitriol_pg_ml",
    "ohd2425_ng_ml",
    "mg_gut_mg",
    "mg_ecf_mmol",
    "mg_tissue_mmol",
    "mg_bone_mmol",
)
N_STATES = len(STATE_NAMES)

#: The 52 parameters, by their Rust field names, in the order of `PARAMETER_TABLE`. The peer
#: refuses an input with a missing or an unknown name: either means this port is out of date.
PARAMETER_NAMES = (
    "ka_d", "f_d", "d2_potency", "vmax_25", "km_25", "k_d3_loss", "v_ohd",
    "k_25_other", "k_24", "emax_24", "ec50_24", "h_24", "k_2425",
    "km_1a", "k_cal", "phi_24", "calcitriol_ref", "pth_ref", "a_pth", "pth_mg_half", "pth_mg_hill",
    "n_gate", "k_2r1", "k_27b1", "k_24a1",
    "k_transit", "k_para", "vmax_tr", "km_tr", "a_abs", "abs_calcitriol_share",
    "mg_bio_oxide", "mg_bio_citrate", "mg_bio_glycinate", "mg_bio_chloride",
    "v_ecf", "k_tis", "p_tis", "r_tis", "k_bone", "a_bone", "bone_calcitriol_share", "bone_calcitriol_half",
    "q_urine", "a_urine",
    "urine_obligatory_share", "renal_mg_factor",
    "serum_mg_ref", "mg_tissue_ref", "mg_bone_ref", "vitd_input_ref", "mg_intake_ref",
)
DERIVED_NAMES = ("urine_ref_mmol_day", "k_1a_pg_ml_day_per_ng_ml")

UG_PER_IU = 0.025  # µg of vitamin D3 per IU
MG_PER_MMOL = 24.305  # mg of magnesium per mmol
CALCITRIOL_RATIO_FLOOR = 0.01  # floor of c = calcitriol / calcitriol_ref in the power laws


def rhs_factory(p, derived):
    """Returns `rhs_for(vitamin_d_iu_per_day, magnesium_mg_per_day)`, which builds the right-hand
    side `rhs(t, y)` of `Model::derivatives` under that background intake.

    Everything that depends only on the parameters is computed once here (as mgate's `Precomputed`
    does); the right-hand side then works on plain local floats. Each flux is written in the same
    form and order of operations as `Model::fluxes_with`, including which states are clamped at zero
    and which are not.
    """
    ka_d = p["ka_d"]
    vmax_25 = p["vmax_25"]
    km_25 = p["km_25"]
    k_d3_loss = p["k_d3_loss"]
    v_ohd = p["v_ohd"]
    k_25_other = p["k_25_other"]
    k_24 = p["k_24"]
    emax_24 = p["emax_24"]
    h_24 = p["h_24"]
    k_2425 = p["k_2425"]
    km_1a = p["km_1a"]
    k_cal = p["k_cal"]
    phi_24 = p["phi_24"]
    calcitriol_ref = p["calcitriol_ref"]
    pth_ref = p["pth_ref"]
    a_pth = p["a_pth"]
    pth_mg_hill = p["pth_mg_hill"]
    n_gate = p["n_gate"]
    k_transit = p["k_transit"]
    k_para = p["k_para"]
    vmax_tr = p["vmax_tr"]
    km_tr = p["km_tr"]
    a_abs = p["a_abs"]
    abs_calcitriol_share = p["abs_calcitriol_share"]
    r_tis = p["r_tis"]
    bone_calcitriol_share = p["bone_calcitriol_share"]
    bone_calcitriol_half = p["bone_calcitriol_half"]
    urine_obligatory_share = p["urine_obligatory_share"]
    v_ecf = p["v_ecf"]
    k_tis = p["k_tis"]
    p_tis = p["p_tis"]
    k_bone = p["k_bone"]
    a_bone = p["a_bone"]
    q_urine = p["q_urine"]
    a_urine = p["a_urine"]
    serum_mg_ref = p["serum_mg_ref"]
    mg_tissue_ref = p["mg_tissue_ref"]
    mg_bone_ref = p["mg_bone_ref"]
    k_1a = derived["k_1a_pg_ml_day_per_ng_ml"]

    # Parameter-only powers (mgate's `Precomputed`).
    k_2r1_n = p["k_2r1"] ** n_gate
    k_27b1_n = p["k_27b1"] ** n_gate
    k_24a1_n = p["k_24a1"] ** n_gate
    one_k_2r1_n = 1.0 + k_2r1_n
    one_k_27b1_n = 1.0 + k_27b1_n
    one_k_24a1_n = 1.0 + k_24a1_n
    pth_half_n = (p["pth_mg_half"] / serum_mg_ref) ** pth_mg_hill
    one_pth_half_n = 1.0 + pth_half_n
    ec50_h = p["ec50_24"] ** h_24
    # Leading constant products, grouped as Rust's left-to-right evaluation groups them.
    tissue_in_scale = k_tis * mg_tissue_ref
    tissue_out_scale = k_tis * mg_tissue_ref
    abs_basal_share = 1.0 - abs_calcitriol_share
    urine_regulated_share = 1.0 - urine_obligatory_share
    bone_in_scale = k_bone * mg_bone_ref
    urine_scale = p["renal_mg_factor"] * derived["urine_ref_mmol_day"]
    one_minus_phi = 1.0 - phi_24
    exp = math.exp
    log = math.log

    def rhs_for(vitamin_d_iu_per_day, magnesium_mg_per_day):
        vitamin_d_input = vitamin_d_iu_per_day * UG_PER_IU  # µg/day into d3_body
        mg_intake = magnesium_mg_per_day  # mg/day into mg_gut

        def rhs(t, y):
            (d3_gut, d3_body, ohd25, calcitriol, ohd2425,
             mg_gut, mg_ecf, mg_tissue, mg_bone) = y.tolist()

            # Auxiliaries: ratios (m, s floored at 0, c at the calcitriol floor), gates, PTH.
            m = mg_tissue / mg_tissue_ref
            if m < 0.0:
                m = 0.0
            s = mg_ecf / v_ecf / serum_mg_ref
            if s < 0.0:
                s = 0.0
            c = calcitriol / calcitriol_ref
            if c < CALCITRIOL_RATIO_FLOOR:
                c = CALCITRIOL_RATIO_FLOOR
            ln_c = log(c)  # the four power laws in c share one logarithm
            pth_suppression = exp(-a_pth * ln_c)
            c_abs = exp(a_abs * ln_c)
            c_bone = exp(a_bone * ln_c)
            c_urine = exp(a_urine * ln_c)
            m_n = m ** n_gate
            s_h = s ** pth_mg_hill
            pth = pth_ref * (one_pth_half_n * s_h / (pth_half_n + s_h)) * pth_suppression
            ohd25_pos = ohd25 if ohd25 > 0.0 else 0.0
            c25_h = ohd25_pos ** h_24
            gate_2r1 = one_k_2r1_n * m_n / (k_2r1_n + m_n)
            gate_27b1 = one_k_27b1_n * m_n / (k_27b1_n + m_n)
            gate_24a1 = one_k_24a1_n * m_n / (k_24a1_n + m_n)
            induction = 1.0 + emax_24 * c25_h / (ec50_h + c25_h)

            # Fluxes.
            d3_body_pos = d3_body if d3_body > 0.0 else 0.0
            mg_gut_pos = mg_gut if mg_gut > 0.0 else 0.0
            absorb_d = ka_d * d3_gut
            v_2r1 = gate_2r1 * vmax_25 * d3_body_pos / (km_25 + d3_body_pos)
            loss_d3 = k_d3_loss * d3_body
            v_24a1 = gate_24a1 * k_24 * induction * ohd25
            other_25 = k_25_other * ohd25
            v_27b1 = (gate_27b1 * k_1a * (pth / pth_ref) * ohd25_pos
                      / (1.0 + ohd25_pos / km_1a))
            clear_cal = k_cal * calcitriol * (one_minus_phi + phi_24 * gate_24a1 * induction)
            clear_2425 = k_2425 * ohd2425
            transcellular_vmax = vmax_tr * (abs_basal_share + abs_calcitriol_share * c_abs)
            renal_handling = urine_obligatory_share * s + urine_regulated_share * s ** q_urine
            abs_mg = k_para * mg_gut + transcellular_vmax * mg_gut_pos / (km_tr + mg_gut_pos)
            transit_mg = k_transit * mg_gut
            tissue_in = tissue_in_scale * s ** p_tis
            tissue_out = tissue_out_scale * m ** r_tis
            mineralisation = (1.0 - bone_calcitriol_share + bone_calcitriol_share * c_bone
                              * (1.0 + bone_calcitriol_half) / (bone_calcitriol_half + c_bone))
            bone_in = bone_in_scale * s * mineralisation
            bone_out = k_bone * mg_bone
            urine = urine_scale * renal_handling * c_urine

            return [
                -absorb_d,
                vitamin_d_input + absorb_d - v_2r1 - loss_d3,
                v_2r1 / v_ohd - v_24a1 - other_25 - v_27b1 / 1000.0,
                v_27b1 - clear_cal,
                v_24a1 - clear_2425,
                mg_intake - abs_mg - transit_mg,
                abs_mg / MG_PER_MMOL - tissue_in + tissue_out - bone_in + bone_out - urine,
                tissue_in - tissue_out,
                bone_in - bone_out,
            ]

        return rhs

    return rhs_for


# --- Input -------------------------------------------------------------------------------------


class InputError(Exception):
    """The input file is malformed (exit status 2)."""


def number(value, where):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(f"{where}: expected a number, found {json.dumps(value)[:60]}")
    value = float(value)
    if not math.isfinite(value):
        raise InputError(f"{where}: expected a finite number, found {value}")
    return value


def field(obj, key, where):
    if not isinstance(obj, dict):
        raise InputError(f"{where}: expected an object")
    if key not in obj:
        raise InputError(f"{where}: missing `{key}`")
    return obj[key]


def array(value, where, length=None):
    if not isinstance(value, list):
        raise InputError(f"{where}: expected an array")
    if length is not None and len(value) != length:
        raise InputError(f"{where}: expected {length} entries, found {len(value)}")
    return value


def intake_pair(obj, where):
    vitamin_d = number(field(obj, "vitamin_d_iu_per_day", where), f"{where}.vitamin_d_iu_per_day")
    magnesium = number(field(obj, "magnesium_mg_per_day", where), f"{where}.magnesium_mg_per_day")
    return (vitamin_d, magnesium)


def read_subject(raw, i, n_samples):
    where = f"subjects[{i}]"
    raw_parameters = field(raw, "parameters", where)
    if not isinstance(raw_parameters, dict):
        raise InputError(f"{where}.parameters: expected an object")
    unknown = sorted(set(raw_parameters) - set(PARAMETER_NAMES))
    missing = [name for name in PARAMETER_NAMES if name not in raw_parameters]
    if unknown or missing:
        problems = ([f"unknown {', '.join(unknown)}"] if unknown else []) + (
            [f"missing {', '.join(missing)}"] if missing else [])
        raise InputError(
            f"{where}.parameters: {'; '.join(problems)} (this peer ports the model with the "
            f"{len(PARAMETER_NAMES)} parameters of src/model/parameters.rs: if they changed, the "
            f"peer is out of date)")
    parameters = {name: number(raw_parameters[name], f"{where}.parameters.{name}")
                  for name in PARAMETER_NAMES}
    raw_derived = field(raw, "derived", where)
    derived = {name: number(field(raw_derived, name, f"{where}.derived"), f"{where}.derived.{name}")
               for name in DERIVED_NAMES}
    intake = intake_pair(field(raw, "intake", where), f"{where}.intake")

    changes = []
    for j, change in enumerate(array(raw.get("intake_changes", []), f"{where}.intake_changes")):
        w = f"{where}.intake_changes[{j}]"
        changes.append((number(field(change, "day", w), f"{w}.day"), intake_pair(change, w)))
    changes.sort(key=lambda change: change[0])  # stable, as mgate's list is kept in day order

    start = [number(v, f"{where}.start[{k}]")
             for k, v in enumerate(array(field(raw, "start", where), f"{where}.start", N_STATES))]

    doses = []
    for j, dose in enumerate(array(field(raw, "doses", where), f"{where}.doses")):
        w = f"{where}.doses[{j}]"
        state = field(dose, "state", w)
        if isinstance(state, bool) or not isinstance(state, int) or not 0 <= state < N_STATES:
            raise InputError(f"{w}.state: expected a state index 0 to {N_STATES - 1}, found {state}")
        doses.append((number(field(dose, "day", w), f"{w}.day"), state,
                      number(field(dose, "amount", w), f"{w}.amount")))
    doses.sort(key=lambda dose: dose[0])  # stable: same-day doses keep their order, as in mgate

    expected = None
    if raw.get("expected") is not None:
        rows = array(raw["expected"], f"{where}.expected", n_samples)
        expected = [[number(v, f"{where}.expected[{k}][{j}]")
                     for j, v in enumerate(array(row, f"{where}.expected[{k}]", N_STATES))]
                    for k, row in enumerate(rows)]
    return {"parameters": parameters, "derived": derived, "intake": intake, "changes": changes,
            "start": start, "doses": doses, "expected": expected}


def read_input(path):
    try:
        with open(path, encoding="utf-8") as file:
            raw = json.load(file)
    except OSError as error:
        raise InputError(f"cannot read {path}: {error}") from error
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise InputError(f"{path} is not valid JSON: {error}") from error
    if not isinstance(raw, dict):
        raise InputError("the input must be a JSON object")
    rtol = number(field(raw, "rtol", "input"), "rtol")
    atol = number(field(raw, "atol", "input"), "atol")
    if not (rtol > 0.0 and atol > 0.0):
        raise InputError(f"rtol and atol must be positive, found {rtol} and {atol}")
    end_day = number(field(raw, "end_day", "input"), "end_day")
    if end_day < 0.0:
        raise InputError(f"end_day must be >= 0, found {end_day}")
    sample_days = [number(v, f"sample_days[{k}]")
                   for k, v in enumerate(array(field(raw, "sample_days", "input"), "sample_days"))]
    if any(a > b for a, b in zip(sample_days, sample_days[1:])) or any(
            not 0.0 <= d <= end_day for d in sample_days):
        raise InputError("sample_days must be sorted and within 0 to end_day")
    names = array(field(raw, "state_names", "input"), "state_names")
    if tuple(names) != STATE_NAMES:
        raise InputError(f"state_names are {names}, but this peer ports the states "
                         f"{list(STATE_NAMES)} (in this order): the peer is out of date")
    raw_subjects = array(field(raw, "subjects", "input"), "subjects")
    if not raw_subjects:
        raise InputError("subjects: at least one subject is needed")
    subjects = [read_subject(s, i, len(sample_days)) for i, s in enumerate(raw_subjects)]
    return {"mgate_version": raw.get("mgate_version"), "rtol": rtol, "atol": atol,
            "end_day": end_day, "sample_days": sample_days, "subjects": subjects}


# --- Simulation --------------------------------------------------------------------------------


class SubjectFailure(Exception):
    """The integration of one subject failed (reported in the output, not an input error)."""


def simulate(subject, sample_days, end_day, rtol, atol):
    """Runs one subject through its events, as `Workspace::run_with` in src/simulate/solver.rs.

    Returns the state at every sample day (pre-dose), the RHS evaluations, Jacobian evaluations
    and segments.
    """
    rhs_for = rhs_factory(subject["parameters"], subject["derived"])
    rhs = rhs_for(*subject["intake"])
    changes = subject["changes"]
    # mgate drops doses before day 0 or after end_day (`dose_events`).
    doses = [d for d in subject["doses"] if 0.0 <= d[0] <= end_day]
    y = np.array(subject["start"], dtype=float)
    samples = []
    nfev = njev = segments = 0
    next_sample = next_change = next_dose = 0
    day = 0.0
    while True:
        # Everything that happens at `day`, in order: samples, intake changes, doses.
        while next_sample < len(sample_days) and sample_days[next_sample] <= day:
            samples.append(y.tolist())
            next_sample += 1
        while next_change < len(changes) and changes[next_change][0] <= day:
            rhs = rhs_for(*changes[next_change][1])
            next_change += 1
        while next_dose < len(doses) and doses[next_dose][0] <= day:
            y[doses[next_dose][1]] += doses[next_dose][2]
            next_dose += 1
        if day >= end_day:
            break
        next_day = end_day
        if next_sample < len(sample_days):
            next_day = min(next_day, sample_days[next_sample])
        if next_change < len(changes):
            next_day = min(next_day, changes[next_change][0])
        if next_dose < len(doses):
            next_day = min(next_day, doses[next_dose][0])

        solution = solve_ivp(rhs, (day, next_day), y, method="LSODA", rtol=rtol, atol=atol)
        nfev += solution.nfev
        njev += solution.njev
        segments += 1
        if not solution.success:
            raise SubjectFailure(f"LSODA failed between day {day} and {next_day}: "
                                 f"{solution.message}")
        y = solution.y[:, -1].copy()
        # mgate sets rounding-level negative values (above -1000 atol) to zero at the end of each
        # segment and stops on anything clearly negative or not finite; so does the peer.
        if not (np.all(np.isfinite(y)) and np.all(y >= -1e3 * atol)):
            k = int(np.argmax(~np.isfinite(y) | (y < -1e3 * atol)))
            raise SubjectFailure(f"non-physical state at day {next_day}: "
                                 f"{STATE_NAMES[k]} = {y[k]}")
        np.maximum(y, 0.0, out=y)
        day = next_day
    return samples, nfev, njev, segments


# --- Comparison and output ---------------------------------------------------------------------


def compare(results, subjects, sample_days, floor):
    """Largest `|peer - mgate| / (|mgate| + floor)` over every subject, sample and state."""
    worst, largest = None, None
    for i, (result, subject) in enumerate(zip(results, subjects)):
        if subject["expected"] is None or result is None:
            continue
        for k, (peer_row, mgate_row) in enumerate(zip(result, subject["expected"])):
            for j, (peer, mgate) in enumerate(zip(peer_row, mgate_row)):
                difference = abs(peer - mgate) / (abs(mgate) + floor)
                if largest is None or difference > largest:
                    largest = difference
                    worst = {"subject": i, "state": STATE_NAMES[j], "day": sample_days[k],
                             "peer": peer, "mgate": mgate}
    return largest, worst


def main(argv):
    if len(argv) != 3:
        print("usage: python3 scipy_peer.py INPUT.json OUTPUT.json", file=sys.stderr)
        return 2
    try:
        plan = read_input(argv[1])
    except InputError as error:
        print(f"scipy_peer: malformed input: {error}", file=sys.stderr)
        return 2
    rtol, atol = plan["rtol"], plan["atol"]
    sample_days, end_day, subjects = plan["sample_days"], plan["end_day"], plan["subjects"]

    results, failures, nfevs, njevs, segments = [], [], [], [], []
    started = time.perf_counter()
    for i, subject in enumerate(subjects):
        try:
            samples, nfev, njev, n_segments = simulate(subject, sample_days, end_day, rtol, atol)
        except SubjectFailure as error:
            results.append(None)
            failures.append({"subject": i, "reason": str(error)})
            continue
        results.append(samples)
        nfevs.append(nfev)
        njevs.append(njev)
        segments.append(n_segments)
    seconds = time.perf_counter() - started

    # Relative differences are taken against |mgate| + atol/rtol: below atol/rtol in magnitude both
    # solvers control the absolute error (atol) rather than the relative one (rtol), since a step
    # is accepted when its error is below atol + rtol |y| = rtol (|y| + atol/rtol).
    floor = atol / rtol
    # 100 rtol: each solver's global error is a small multiple of rtol (measured for LSODA: up to
    # 13 rtol on year-long dosing regimens, up to 90 rtol on a year-long washout without any
    # vitamin D, where every vitamin D state decays by orders of magnitude; see the README).
    tolerance = float(f"{100.0 * rtol:.12g}")
    compared = sum(1 for s in subjects if s["expected"] is not None)
    largest, worst = compare(results, subjects, sample_days, floor)
    if compared == 0:
        agree = None
    else:
        agree = not failures and largest is not None and largest <= tolerance

    n = len(subjects)
    output = {
        "subjects": n,
        "seconds_total": seconds,
        "seconds_per_subject": seconds / n,
        "rhs_evaluations_per_subject": float(np.mean(nfevs)) if nfevs else None,
        "max_relative_difference": largest,
        "worst": worst,
        "agree": agree,
        "agreement_tolerance": tolerance,
        "scipy_version": scipy.__version__,
        "python_version": platform.python_version(),
        # Extra detail for whoever reads the file.
        "numpy_version": np.__version__,
        "method": "LSODA",
        "rtol": rtol,
        "atol": atol,
        "end_day": end_day,
        "relative_difference_floor": floor,
        "subjects_compared": sum(1 for subject, result in zip(subjects, results)
                                 if subject["expected"] is not None and result is not None),
        "jacobian_evaluations_per_subject": float(np.mean(njevs)) if njevs else None,
        "segments_per_subject": float(np.mean(segments)) if segments else None,
        "failures": failures,
        "mgate_version": plan["mgate_version"],
    }
    try:
        with open(argv[2], "w", encoding="utf-8") as file:
            json.dump(output, file, indent=2, allow_nan=False)
            file.write("\n")
    except OSError as error:
        print(f"scipy_peer: cannot write {argv[2]}: {error}", file=sys.stderr)
        return 1

    print(f"scipy peer: LSODA (scipy {scipy.__version__}, Python {platform.python_version()}), "
          f"rtol {rtol:g}, atol {atol:g}, {n} subject(s) of {end_day:g} days")
    if nfevs:
        print(f"  {seconds:.3f} s total, {seconds / n:.4f} s per subject, "
              f"{np.mean(nfevs):,.0f} RHS evaluations per subject "
              f"({np.mean(njevs):,.0f} Jacobians, {np.mean(segments):,.0f} segments)")
    for failure in failures:
        print(f"  subject {failure['subject']} FAILED: {failure['reason']}")
    if agree is None:
        print("  no `expected` trajectories in the input: nothing compared")
    else:
        if worst is not None:
            print(f"  largest relative difference from mgate {largest:.3g} (subject "
                  f"{worst['subject']}, {worst['state']}, day {worst['day']:g}: peer "
                  f"{worst['peer']:.9g}, mgate {worst['mgate']:.9g})")
        print(f"  {'AGREE' if agree else 'DISAGREE'} (tolerance {tolerance:g}, relative to "
              f"|mgate| + {floor:g})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

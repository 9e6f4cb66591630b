"""The textbook cascade as a quant would write it in NumPy, timed in-process.

Reads the scenario (shock, open interest, band, depth) from the engine's own
`run --json` on standard input, so both sides run the same market:
liquidation thresholds spread evenly over the band below the price, sorted
once; each round, `searchsorted` counts the thresholds the price has crossed,
their open interest is sold into a book of constant depth (linear impact),
and the price falls further, until a round liquidates nothing new.

Prints one line for scripts/bench.sh: the median time over repetitions, the
rounds and the total fall, which should agree with the engine's theory.
"""

import json
import statistics
import sys
import time

import numpy as np

POSITIONS = 1_000_000
REPETITIONS = 20


def cascade(shock_pct, oi_usd, band_pct, depth_usd_per_pct, n):
    """Total fall in % and the number of rounds that liquidated something."""
    # Relative prices: the price starts at 1, thresholds at 1 - band (i + 0.5) / n.
    thresholds = np.sort(1.0 - band_pct / 100.0 * (np.arange(n) + 0.5) / n)
    per_position = oi_usd / n
    fall_pct, liquidated, rounds = shock_pct, 0, 0
    while fall_pct < 95.0:
        price = 1.0 - fall_pct / 100.0
        crossed = n - int(np.searchsorted(thresholds, price, side="left"))
        if crossed == liquidated:
            break
        fall_pct += (crossed - liquidated) * per_position / depth_usd_per_pct
        liquidated, rounds = crossed, rounds + 1
    return min(fall_pct, 95.0), rounds


def main():
    run = json.load(sys.stdin)
    theory = run["theory"]
    args = (
        run["params"]["shock_pct"],
        theory["oi_usd"],
        theory["band_pct"],
        theory["depth_usd_per_pct"],
        POSITIONS,
    )
    times = []
    for _ in range(REPETITIONS):
        started = time.perf_counter()
        fall, rounds = cascade(*args)
        times.append((time.perf_counter() - started) * 1000.0)
    print(
        f"numpy_textbook: median {statistics.median(times):.3f} ms, fastest {min(times):.3f} ms "
        f"over {REPETITIONS} runs at {POSITIONS} positions; {rounds} rounds, fall {fall:.3f}% "
        f"(theory {theory['total_fall_pct']:.3f}%, engine {run['assets'][0]['max_drawdown_pct']:.3f}%); "
        f"numpy {np.__version__}"
    )


if __name__ == "__main__":
    main()

"""The speedup plot of `atomicc bench`: one subplot per program, one line per
strategy, speedup over the smallest CPU count against the CPU count, both on log2
axes (the speedup axis fitted to the data; the dotted linear speedup may
leave it).  matplotlib with the Agg backend: it never needs a display."""

import math

STYLE = {
    "global": ("tab:gray", "s"),
    "pervar": ("tab:blue", "o"),
    "stm": ("tab:red", "^"),
    "atomic-op": ("tab:green", "D"),
    "auto": ("black", "x"),
}


def plot_speedups(path, series, target="sim"):
    """series: {program: {strategy: [(cpus, speedup)]}}; writes a PNG to path."""
    import matplotlib
    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt
    import matplotlib.ticker  # noqa: F401  (matplotlib.ticker.FuncFormatter below)

    names = list(series) or ["(no data)"]
    ncols = min(4, len(names))
    nrows = int(math.ceil(len(names) / float(ncols)))
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.2 * ncols, 3.4 * nrows), squeeze=False)
    unit = "vCPUs (simulated)" if target == "sim" else "threads (native)"
    handles = {}
    for i, name in enumerate(names):
        ax = axes[i // ncols][i % ncols]
        lines = series.get(name, {})
        xs = sorted({n for pts in lines.values() for n, _ in pts})
        for strategy, pts in lines.items():
            color, marker = STYLE.get(strategy, (None, "."))
            h, = ax.plot([n for n, _ in pts], [v for _, v in pts], marker=marker, color=color, label=strategy,
                         linewidth=1.5, markersize=4)
            handles.setdefault(strategy, h)
        if xs:
            lo = xs[0]
            ideal, = ax.plot(xs, [n / float(lo) for n in xs], linestyle=":", color="lightgray", zorder=0,
                             label="linear")
            handles.setdefault("linear", ideal)
            ax.set_xscale("log", base=2)
            ax.set_xticks(xs)
            ax.set_xticklabels([str(n) for n in xs])
            # log2 speedup axis fitted to the data (the linear line may leave it): slowdowns stay readable
            vals = [v for pts in lines.values() for _, v in pts if v > 0]
            if vals:
                ax.set_yscale("log", base=2)
                ax.set_ylim(min(min(vals), 1.0) / 1.3, max(max(vals), 1.0) * 1.3)
                ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _p: "%gx" % v))
        else:
            ax.text(0.5, 0.5, "no data", ha="center", va="center", transform=ax.transAxes)
        ax.set_title(name, fontsize=10)
        ax.set_xlabel(unit, fontsize=8)
        ax.set_ylabel("speedup", fontsize=8)
        ax.tick_params(labelsize=7)
        ax.grid(True, alpha=0.3)
    for j in range(len(names), nrows * ncols):
        axes[j // ncols][j % ncols].axis("off")
    if handles:
        fig.legend(list(handles.values()), list(handles.keys()), loc="lower center", ncol=len(handles),
                   fontsize=8, frameon=False)
    fig.suptitle("atomicc bench: speedup over the smallest %s count" % ("vCPU" if target == "sim" else "thread"),
                 fontsize=11)
    fig.tight_layout(rect=(0, 0.06, 1, 0.96))
    # whole or not at all: drawn into a file next to `path`, renamed over it
    import os
    import tempfile
    fd, tmp = tempfile.mkstemp(prefix=".atomicc-", suffix=".png", dir=os.path.dirname(os.path.abspath(path)))
    try:
        with os.fdopen(fd, "wb") as f:
            fig.savefig(f, dpi=90, format="png")
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
    finally:
        plt.close(fig)
    return path

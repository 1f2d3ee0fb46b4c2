"""Execute the report notebooks headless with parameters.

Parameters are injected the way papermill does it: a cell tagged `parameters`
holds the defaults, and a new cell right after it overrides them. Notebooks run
concurrently, one kernel each, as many at once as there are CPUs. Kernels can start
before their input exists (`after`): start-up and imports then overlap the build.
"""

from __future__ import annotations

import ast
import asyncio
import contextlib
import os
import re
import signal
import subprocess
from collections.abc import Callable, Coroutine, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from analysis.errors import Interrupted, PlanError
from analysis.outputs.files import write_atomic

ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")  # colours in kernel tracebacks
PARAMETERS_TAG = "parameters"
INJECTED_TAG = "injected-parameters"
CELL_TIMEOUT_S = 600
# Kernels are local children of this process; their start-up notice that the local TCP transport is
# unencrypted would otherwise repeat once per notebook. Errors and cell outputs are unaffected.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=ERROR"]
# Asked of each kernel after the last cell: the tables the notebook read (kept in the executed copy's metadata).
TABLES_READ_EXPRESSION = "__import__('analysis.outputs.store', fromlist=['tables_read']).tables_read()"
TABLES_READ_METADATA = "tables_read"
# Run silently in a kernel that waits for its input: every report notebook imports these, so the
# imports are done while the build runs. A failure here is left for the notebook's own cell to show.
KERNEL_WARM_UP = "try:\n    import analysis.outputs.export, analysis.outputs.store, analysis.present.tables\nexcept Exception:\n    pass"


def inject_parameters(nb: nbformat.NotebookNode, parameters: dict[str, object]) -> nbformat.NotebookNode:
    """Insert a cell overriding the defaults right after the `parameters` cell."""
    source = "\n".join(f"{name} = {value!r}" for name, value in parameters.items())
    cell = nbformat.v4.new_code_cell(source=f"# Injected parameters\n{source}")
    cell.metadata["tags"] = [INJECTED_TAG]
    tagged = [i for i, c in enumerate(nb.cells) if PARAMETERS_TAG in c.get("metadata", {}).get("tags", [])]
    nb.cells.insert(tagged[0] + 1 if tagged else 0, cell)
    return nb


def execute_notebooks(
    paths: Sequence[Path],
    parameters: dict[str, object] | Callable[[Path], dict[str, object]],
    out_dir: Path,
    workers: int | None = None,
    after: Future | None = None,
    kernel_log: bool = False,
) -> list[nbformat.NotebookNode]:
    """Run notebooks top to bottom, each in its own folder and kernel, `workers` at a time (default:
    one per CPU); save each executed copy under `out_dir`. Returns them in the order of `paths`.
    `parameters` is one set for all, or a function giving each notebook's own (its figures folder).

    The longest notebooks (by code) start first so the last one to finish is a short one. If any
    fails, all the others still finish and are saved, then the first failure is raised.
    With `after` (a future, e.g. the build writing the tables the notebooks read), kernels start
    and warm up at once but run no cell before it is done; if it fails, its error is raised and
    no notebook is written. A kernel's own log (its stderr: "KeyboardInterrupt caught in kernel" when a failed
    build stops it while it starts) is shown only with `kernel_log`; a cell's output and errors come by message.
    """
    workers = workers or os.cpu_count() or 1
    notebooks = [nbformat.read(path, as_version=4) for path in paths]  # read once: sized here, run below
    order = sorted(range(len(paths)), key=lambda i: -_code_length(notebooks[i]))

    async def run_all() -> list[nbformat.NotebookNode | BaseException]:
        gate = asyncio.Semaphore(workers)
        claim: list[Callable[[], None]] = []  # set by _stopped_by_signals: takes the signals back

        async def run(path: Path, nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
            async with gate:
                if after is not None and after.done() and after.exception():
                    raise after.exception()  # no kernel to start for a failed build
                own = parameters(path) if callable(parameters) else parameters
                return await _execute(path, nb, own, out_dir / path.name, after, claim[0], kernel_log)

        tasks = {i: asyncio.ensure_future(run(paths[i], notebooks[i])) for i in order}
        with _stopped_by_signals(tasks.values(), claim) as stopped:
            await asyncio.gather(*tasks.values(), return_exceptions=True)
        if stopped:
            raise Interrupted(stopped[0])
        return [tasks[i].exception() or tasks[i].result() for i in range(len(paths))]

    results = _run_to_completion(run_all)
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return results


@contextlib.contextmanager
def _stopped_by_signals(tasks: Iterable[asyncio.Future], claim: list[Callable[[], None]]) -> Iterator[list[int]]:
    """While notebooks run: Ctrl-C or SIGTERM cancels them (each kernel shuts down once, as its task
    unwinds) and is reported afterwards, whatever errors the cancelled kernels raise on the way.

    nbclient installs its own handlers as each kernel starts (they shut the kernel down under the running
    cell, which then fails); `claim` (called after each start) puts ours back.
    """
    loop = asyncio.get_running_loop()
    stopped: list[int] = []
    tasks = list(tasks)

    def stop(signum: int) -> None:
        stopped.append(signum)
        for task in tasks:
            task.cancel()

    def take_signals() -> None:
        for signum in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):  # not the main thread, or Windows
                loop.add_signal_handler(signum, stop, signum)

    def quiet_after_stop(loop: asyncio.AbstractEventLoop, context: dict) -> None:
        if not stopped:  # the kernel client's own tasks fail as their kernels go: not worth a traceback
            loop.default_exception_handler(context)

    claim.append(take_signals)
    take_signals()
    loop.set_exception_handler(quiet_after_stop)
    try:
        yield stopped
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.remove_signal_handler(signum)


def _run_to_completion(coroutine_function: Callable[[], Coroutine[object, object, list]]) -> list:
    """Run a coroutine to its end, in a thread of its own when this thread already runs an event loop
    (a notebook, or a browser driver in the tests)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine_function())
    with ThreadPoolExecutor(max_workers=1) as runner:
        return runner.submit(lambda: asyncio.run(coroutine_function())).result()


def _code_length(nb: nbformat.NotebookNode) -> int:
    return sum(len(c.source) for c in nb.cells if c.cell_type == "code")


async def _execute(
    path: Path,
    nb: nbformat.NotebookNode,
    parameters: dict[str, object],
    out_path: Path,
    after: Future | None,
    claim_signals: Callable[[], None] = lambda: None,
    kernel_log: bool = False,
) -> nbformat.NotebookNode:
    """Run `nb` (read from `path`) with the parameters injected, and save it to `out_path`."""
    nb = inject_parameters(nb, parameters)
    client = NotebookClient(
        nb,
        timeout=CELL_TIMEOUT_S,
        kernel_name="python3",
        extra_arguments=KERNEL_ARGUMENTS,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.reset_execution_trackers()
    quiet = {} if kernel_log else {"stderr": subprocess.DEVNULL}
    async with client.async_setup_kernel(**quiet):  # shuts the kernel down however this block ends
        claim_signals()
        if after is not None:
            if not after.done():
                await client.async_wait_for_reply(client.kc.execute(KERNEL_WARM_UP, silent=True))
            await asyncio.wrap_future(after)  # its failure ends here, before anything is written
        try:
            await _run_cells(client)
            nb.metadata[TABLES_READ_METADATA] = await _tables_read(client)
            _trust(nb)
        except CellExecutionError as exc:
            message = ANSI_ESCAPE.sub("", str(exc)).strip()
            first_line = message.splitlines()[-1] if message else "单元格运行出错"
            raise PlanError(path, f"Jupyter 笔记本运行出错：{first_line}") from exc
        finally:
            write_atomic(out_path, lambda tmp: nbformat.write(nb, str(tmp)))
    return nb


async def _tables_read(client: NotebookClient) -> list[str] | None:
    """The tables the kernel read through the store (None when it cannot say: every table then counts)."""
    request = client.kc.execute("", silent=True, user_expressions={"read": TABLES_READ_EXPRESSION})
    result = (await client.async_wait_for_reply(request))["content"].get("user_expressions", {}).get("read", {})
    if result.get("status") != "ok":
        return None
    try:
        read = ast.literal_eval(result["data"]["text/plain"])
    except (KeyError, ValueError, SyntaxError):
        return None
    return read if isinstance(read, list) and all(isinstance(name, str) for name in read) else None


def tables_read_by(nb: nbformat.NotebookNode) -> list[str] | None:
    """The tables an executed notebook read, as its run recorded them (None: not known)."""
    read = nb.metadata.get(TABLES_READ_METADATA)
    return list(read) if isinstance(read, list) else None


def _trust(nb: nbformat.NotebookNode) -> None:
    """Sign an executed notebook for this user, so JupyterLab runs its table scripts when it is opened.

    Its outputs are ours: every piece of plan text in them was escaped. Where Jupyter's signature
    store cannot be written, the notebook stays unsigned and shows its tables' static copies.
    """
    from nbformat.sign import NotebookNotary

    with contextlib.suppress(Exception):  # a signature is a convenience, never a reason to fail the run
        NotebookNotary().sign(nb)


async def _run_cells(client: NotebookClient) -> None:
    """The body of `NotebookClient.async_execute`, on a kernel already set up."""
    info = await client.async_wait_for_reply(client.kc.kernel_info())
    client.nb.metadata["language_info"] = info["content"]["language_info"]
    for index, cell in enumerate(client.nb.cells):
        await client.async_execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
    client.set_widgets_metadata()

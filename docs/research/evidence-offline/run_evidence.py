"""Run Evidence's `npm run sources` / `npm run build` from Python with a hard timeout.

npm starts node (evidence cli) which starts more processes (vite, workers); on timeout we must kill the
whole process group, not only npm, or an orphaned node keeps running (and, in the unpatched hang, never exits).
"""
import os, signal, subprocess, sys, time

def run(cmd, cwd, timeout):
    env = dict(os.environ, SEND_ANONYMOUS_USAGE_STATS="no", CI="true", NO_COLOR="1")
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         stdin=subprocess.DEVNULL, start_new_session=True, text=True)
    try:
        out, _ = p.communicate(timeout=timeout)
        rc = p.returncode
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGTERM)
        try:
            out, _ = p.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            out, _ = p.communicate()
        rc = "TIMEOUT"
    return rc, time.monotonic() - t0, out

if __name__ == "__main__":
    site = sys.argv[1]
    steps = sys.argv[2:] or ["sources", "build"]
    for step in steps:
        rc, secs, out = run(["npm", "run", step], site, timeout=float(os.environ.get("STEP_TIMEOUT", "600")))
        tail = "\n".join(l for l in out.splitlines() if "nodedir" not in l)[-600:]
        print(f"== npm run {step}: rc={rc} in {secs:.1f}s\n{tail}\n", flush=True)
        if rc != 0:
            sys.exit(1)

"""Drives a Jupyter kernel through jupyter_client (the protocol's reference client) and prints
what came back as JSON, for test/kernel-protocol.test.ts to assert on.

stdin: {"kernel_name": str, "cwd": str, "steps": [step, ...]} where a step is
  {"batch": [{"code": str, "stop_on_error": bool?}, ...]}: requests sent back to back, then each
  one's shell reply and iopub messages (up to its "idle" status) collected.
Usage: kernel_session.py OUT.json < SPEC.json (the kernel shares this process's stdout, so the
result goes to a file). OUT.json: {"kernel_info": content, "steps": [[{"reply": content, "iopub": [{msg_type, content}]}]]}
"""
import json
import sys

from jupyter_client import KernelManager

TIMEOUT = 120


def main():
    spec = json.load(sys.stdin)
    km = KernelManager(kernel_name=spec["kernel_name"])
    km.start_kernel(cwd=spec["cwd"])
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=TIMEOUT)
        info = kc.kernel_info(reply=True, timeout=TIMEOUT)["content"]
        steps = []
        for step in spec["steps"]:
            ids = [kc.execute(r["code"], stop_on_error=r.get("stop_on_error", True)) for r in step["batch"]]
            replies, iopub, idle = {}, {i: [] for i in ids}, set()
            while len(replies) < len(ids) or len(idle) < len(ids):
                if len(replies) < len(ids):
                    msg = kc.get_shell_msg(timeout=TIMEOUT)
                    pid = msg["parent_header"].get("msg_id")
                    if pid in iopub:
                        replies[pid] = msg["content"]
                    continue
                msg = kc.get_iopub_msg(timeout=TIMEOUT)
                pid = msg["parent_header"].get("msg_id")
                if pid not in iopub:
                    continue
                if msg["msg_type"] == "status":
                    if msg["content"]["execution_state"] == "idle":
                        idle.add(pid)
                    continue
                iopub[pid].append({"msg_type": msg["msg_type"], "content": msg["content"]})
            steps.append([{"reply": replies[i], "iopub": iopub[i]} for i in ids])
        with open(sys.argv[1], "w") as out:
            json.dump({"kernel_info": info, "steps": steps}, out)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


if __name__ == "__main__":
    main()

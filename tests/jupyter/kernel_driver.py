"""
A program that launches Deno's Jupyter kernel the way Jupyter does (jupyter_client, which sets
JPY_PARENT_PID and starts the kernel in a session of its own), for the tests in this folder.

Reads one JSON object per line on stdin, {"code": "..."}, runs the code in the kernel and
answers with one JSON line: what Jupyter received for it up to the kernel's "idle" status, the
moment a front end (nbclient, JupyterLab) stops collecting a cell's outputs. First prints
{"ready": true, "kernel": PID}. At the end of its input it shuts the kernel down.
"""
import json
import sys

from jupyter_client.manager import start_new_kernel

WANTED = ("stream", "display_data", "execute_result", "error")


def run(kc, code):
    msg_id = kc.execute(code)
    outputs = []
    while True:
        msg = kc.get_iopub_msg(timeout=300)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind == "status" and content["execution_state"] == "idle":
            break
        if kind in WANTED:
            outputs.append({"type": kind, **{k: content[k] for k in content if k in
                                             ("name", "text", "data", "ename", "evalue")}})
    while True:
        reply = kc.get_shell_msg(timeout=300)
        if reply["parent_header"].get("msg_id") == msg_id:
            return {"status": reply["content"]["status"], "outputs": outputs}


def main():
    km, kc = start_new_kernel(kernel_name="deno", startup_timeout=120)
    try:
        print(json.dumps({"ready": True, "kernel": km.provisioner.pid}), flush=True)
        for line in sys.stdin:
            print(json.dumps(run(kc, json.loads(line)["code"])), flush=True)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


main()

#!/usr/bin/python3
"""TCP probe for the test bed: a server that tells each client the address it sees, and clients.

  serve PORT [STATUS]        accept connections; to each, send "peer IP\n", then count what it sends;
                             STATUS (a file) is rewritten with "bytes N peer IP" after every receive
  hello HOST PORT [TIMEOUT]  connect, print the server's first line ("peer IP"), exit 0; exit 1 on failure
  stream HOST PORT           connect and send 1 KiB every 10 ms until killed or the connection fails
                             (exit 1 and a message on stderr then)
"""
import os
import socket
import sys
import threading
import time


def serve(port, status=None):
    total = [0]
    lock = threading.Lock()

    def handle(conn, peer):
        with conn:
            conn.sendall(("peer %s\n" % peer[0]).encode())
            while True:
                data = conn.recv(65536)
                if not data:
                    return
                with lock:
                    total[0] += len(data)
                    if status:
                        tmp = status + ".tmp"
                        with open(tmp, "w") as f:
                            f.write("bytes %d peer %s\n" % (total[0], peer[0]))
                        os.replace(tmp, status)

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("0.0.0.0", port))
    listener.listen(64)
    while True:
        conn, peer = listener.accept()
        threading.Thread(target=handle, args=(conn, peer), daemon=True).start()


def connect(host, port, timeout):
    sock = socket.create_connection((host, port), timeout=timeout)
    line = b""
    while not line.endswith(b"\n"):
        chunk = sock.recv(1)
        if not chunk:
            raise ConnectionError("closed before the greeting")
        line += chunk
    return sock, line.decode().strip()


def main(argv):
    mode = argv[1] if len(argv) > 1 else ""
    try:
        if mode == "serve":
            serve(int(argv[2]), argv[3] if len(argv) > 3 else None)
        elif mode == "hello":
            sock, greeting = connect(argv[2], int(argv[3]), float(argv[4]) if len(argv) > 4 else 3.0)
            sock.close()
            print(greeting)
        elif mode == "stream":
            sock, greeting = connect(argv[2], int(argv[3]), 3.0)
            print(greeting, flush=True)
            sock.settimeout(None)
            chunk = b"x" * 1024
            while True:
                sock.sendall(chunk)
                time.sleep(0.01)
        else:
            print(__doc__, file=sys.stderr)
            return 2
    except (OSError, ConnectionError) as e:
        print("tcpprobe %s: %s" % (mode, e), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

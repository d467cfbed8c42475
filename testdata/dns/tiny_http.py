#!/usr/bin/env python3
"""A tiny HTTP server for gomedic's IPv4/IPv6 tests (run inside a throw-away
network namespace). Usage: tiny_http.py ADDR PORT MODE, MODE answer (200 with
a GOPROXY @v/list body) or stall (accept, read, never answer). Prints
"ready" once listening."""
import socket
import sys
import threading
import time

addr, port, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
family = socket.AF_INET6 if ":" in addr else socket.AF_INET
sock = socket.socket(family, socket.SOCK_STREAM)
sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
sock.bind((addr, port))
sock.listen(16)
print("ready", flush=True)


def serve(conn):
    try:
        conn.recv(65536)
        if mode == "stall":
            time.sleep(3600)
        body = b"v0.3.0\n"
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\n"
                     b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body))
    finally:
        conn.close()


while True:
    conn, _ = sock.accept()
    threading.Thread(target=serve, args=(conn,), daemon=True).start()

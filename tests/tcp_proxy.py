"""A TCP forwarder in front of a server (PostgreSQL) that a test can take away, for outages that are real.

`freeze()` keeps every connection open but carries nothing more either way, and accepts new ones without
answering, as a frozen server (or a network that drops packets) does; `cut("hang")` closes every forwarded
connection first, as a server that restarts and then hangs does; `cut("refuse")` closes them and stops
listening, as a stopped server does; `restore()` closes what froze and forwards again on the same port.
Threads, no asyncio: the tests that use it are plain functions.
"""

from __future__ import annotations

import socket
import threading


class TcpProxy:
    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.port = 0
        self.mode = "forward"
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._listener: socket.socket | None = None
        self._closed = False

    def start(self) -> TcpProxy:
        self._listen()
        return self

    def cut(self, mode: str) -> None:
        assert mode in ("hang", "refuse")
        with self._lock:
            self.mode = mode
            connections, self._sockets = self._sockets, set()
        for connection in connections:
            _close(connection)
        if mode == "refuse":
            self._stop_listening()

    def freeze(self) -> None:
        with self._lock:
            self.mode = "freeze"

    def restore(self) -> None:
        with self._lock:
            self.mode = "forward"
            hung, self._sockets = self._sockets, set()
        for connection in hung:
            _close(connection)
        if self._listener is None:
            self._listen()

    def close(self) -> None:
        self._closed = True
        self.cut("refuse")

    def _listen(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        listener.settimeout(0.1)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _stop_listening(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            _close(listener)

    def _accept(self, listener: socket.socket) -> None:
        while self._listener is listener:
            try:
                client, _address = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                mode = self.mode
                self._sockets.add(client)
            if mode == "forward":
                threading.Thread(target=self._forward, args=(client,), daemon=True).start()
            # "hang" and "freeze": the connection stays open and unanswered until cut or restored.

    def _forward(self, client: socket.socket) -> None:
        try:
            upstream = socket.create_connection(self.target, timeout=5)
        except OSError:
            _close(client)
            return
        upstream.settimeout(None)
        with self._lock:
            self._sockets.add(upstream)
        threading.Thread(target=self._pump, args=(upstream, client), daemon=True).start()
        self._pump(client, upstream)

    def _pump(self, source: socket.socket, destination: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                if self.mode != "freeze":
                    destination.sendall(data)
        except OSError:
            pass
        finally:
            _close(source)
            _close(destination)


def _close(connection: socket.socket) -> None:
    try:
        connection.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    connection.close()

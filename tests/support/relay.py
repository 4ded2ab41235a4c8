"""A TCP relay to a server (Varnish's backend, PostgreSQL), so that a test or a drill can take
the server away (``stop()``) and give it back (``open()``)."""

import contextlib
import socket
import threading


class Relay:
    """Listen on 127.0.0.1:``port`` (0: a free port) and pass every connection to the target."""

    def __init__(self, target_port: int, port: int = 0, target_host: str = "127.0.0.1"):
        self.target = (target_host, target_port)
        self.target_port = target_port
        self.port = port
        self.listener: socket.socket | None = None
        self.sockets: set[socket.socket] = set()
        self.lock = threading.Lock()
        self.open()

    def open(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(128)
        self.port = listener.getsockname()[1]
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def stop(self) -> None:
        """New connections are refused, open ones are cut."""
        listener, self.listener = self.listener, None
        if listener is not None:
            # Closing alone would leave the thread blocked in accept() listening, on Linux.
            with contextlib.suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()
        with self.lock:
            sockets, self.sockets = self.sockets, set()
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return
            if listener is not self.listener:
                client.close()
                return
            try:
                server = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            server.settimeout(None)
            with self.lock:
                self.sockets |= {client, server}
            for source, target in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(source, target), daemon=True).start()

    def _pipe(self, source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
            with self.lock:
                self.sockets -= {source, target}

"""One window per profile: a second start asks the running app to come to the front."""

from __future__ import annotations

from partnerdesk.core.instance import server_name
from partnerdesk.paths import ProfilePaths
from partnerdesk.ui.qt import QtCore, QtWidgets, qt_network

RAISE = b"raise\n"


def ask_running_app_to_raise(paths: ProfilePaths, wait_ms: int = 2000) -> bool:
    """Tell the app that holds ``paths`` to show its window; True when it answered."""
    socket = qt_network().QLocalSocket()
    socket.connectToServer(server_name(paths))
    if not socket.waitForConnected(wait_ms):
        return False
    socket.write(RAISE)
    socket.waitForBytesWritten(wait_ms)
    socket.disconnectFromServer()
    return True


class RaiseServer(QtCore.QObject):
    """Listens for later starts on the same profile and brings ``window`` to the front."""

    def __init__(self, paths: ProfilePaths, window: QtWidgets.QWidget) -> None:
        super().__init__(window)
        self.window = window
        network = qt_network()
        self.server = network.QLocalServer(self)
        name = server_name(paths)
        network.QLocalServer.removeServer(name)  # a socket file left by a crash
        self.server.listen(name)
        self.server.newConnection.connect(self._on_connection)

    def _on_connection(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._on_message(s))
            socket.disconnected.connect(socket.deleteLater)

    def _on_message(self, socket) -> None:
        if bytes(socket.readAll().data()).startswith(RAISE.strip()):
            self.window.showNormal()
            self.window.raise_()
            self.window.activateWindow()

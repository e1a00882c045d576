"""The connection both ends of the content channel open: the device's content login (its user name
with `-content`, the same password), a session of its own, apart from the help call's."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import replace

from kiosk.wire.broker_url import BrokerAddress, broker_list
from kiosk.wire.content_protocol import LOGIN_SUFFIX
from kiosk.wire.transport import MqttTransport


def content_login(broker: BrokerAddress) -> BrokerAddress:
    """The same password under the device's content user name (`12` -> `12-content`), at every node."""
    logins = tuple(
        broker if broker.username is None else replace(broker, username=broker.username + LOGIN_SUFFIX)
        for broker in broker_list(broker)
    )
    return logins if isinstance(broker, tuple) else logins[0]


class ContentConnection(ABC):
    """One content-channel connection; what arrives is the subclass's (on paho's thread)."""

    def __init__(self, broker: BrokerAddress, client_id: str, subscriptions: Sequence[str]) -> None:
        self._transport = MqttTransport(
            content_login(broker),
            client_id,
            subscriptions=subscriptions,
            on_message=self._on_message,
            on_link=self._on_link,
            persistent_session=False,
        )

    def start(self) -> None:
        self._transport.start()

    def stop(self) -> None:
        self._transport.stop()

    @abstractmethod
    def _on_message(self, topic: str, payload: bytes) -> None: ...

    @abstractmethod
    def _on_link(self, connected: bool, problem: str | None) -> None: ...

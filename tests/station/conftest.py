from tests.fixtures.http_receiver import receiver as receiver

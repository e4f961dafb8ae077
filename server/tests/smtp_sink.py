"""A real SMTP server for the mail tests (server/tests/mail.rs).

    python3 smtp_sink.py PORT FOLDER

aiosmtpd listens on 127.0.0.1:PORT and writes every message it accepts into FOLDER as one JSON
file: the envelope (mail_from, rcpt_tos) and the decoded To, Subject, Message-ID and plain-text
body, so the tests can check exactly what arrived. A file is written under a temporary name and
renamed, so a reader never sees half of one. Prints "ready" once it accepts connections; the
test stops it (SIGKILL) to make an outage. Needs aiosmtpd: `pip install aiosmtpd`.
"""

import asyncio
import email
import email.policy
import json
import os
import sys
import uuid

from aiosmtpd.smtp import SMTP


class Sink:
    def __init__(self, folder):
        self.folder = folder

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        body = message.get_body(preferencelist=("plain",))
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "to": str(message["To"]),
            "subject": str(message["Subject"]),
            "message_id": str(message["Message-ID"]),
            "body": body.get_content() if body is not None else "",
        }
        name = uuid.uuid4().hex
        temporary = os.path.join(self.folder, f".{name}.part")
        with open(temporary, "w", encoding="utf-8") as f:
            json.dump(record, f, ensure_ascii=False)
        os.rename(temporary, os.path.join(self.folder, f"{name}.json"))
        return "250 Message accepted"


async def main():
    port, folder = int(sys.argv[1]), sys.argv[2]
    os.makedirs(folder, exist_ok=True)
    loop = asyncio.get_running_loop()
    # A fixed hostname: aiosmtpd would otherwise ask DNS for this machine's name.
    server = await loop.create_server(
        lambda: SMTP(Sink(folder), hostname="fikir-test-sink"), host="127.0.0.1", port=port
    )
    print("ready", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())

#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Causerie developers
"""An OMEMO peer that nobody here wrote the cryptography of, for interop tests.

It signs in to the test server (loopback only), publishes its device lists
and bundles for legacy OMEMO (eu.siacs.conversations.axolotl, as
Conversations does) and/or OMEMO 2 (urn:xmpp:omemo:2), follows its
contacts' device lists, trusts every device blindly, and is driven by JSON
lines: commands on stdin, events on stdout (one object per line).

Commands (an optional "id" is echoed in the answer):
  {"cmd": "send", "to": JID, "body": TEXT, "protocol": "legacy"|"omemo2"}
      → {"event": "sent", "to", "protocol", "devices": [ids encrypted for]}
  {"cmd": "devices", "jid": JID}
      → {"event": "devices", "jid", "devices": [{"id", "protocols"}]}
  {"cmd": "ping"} → {"event": "pong"}
  {"cmd": "quit"} → {"event": "bye"}, then the process exits.
Test-only commands, to play an attacker (tests/test-omemo-hostile.c):
  {"cmd": "send", ..., "tamper": HOW}: encrypted as above, then altered
      before it goes, HOW being "other-device" (each <key/> names another
      device than the one it is for), "flip-key" (the last byte of each
      <key/> flipped: its message's MAC fails), "truncate-payload" (the <payload/>
      cut in half), or "flip-tag" (the payload's last byte flipped: the
      authentication tag is in the encrypted key material, so the
      payload is what fails it: GCM for legacy, HMAC for OMEMO 2)
      → {"event": "sent", ...}
  {"cmd": "raw", "xml": XML}: sends XML as it is on the stream → {"event": "raw-sent"}
  {"cmd": "publish-bad-bundle", "protocol": "legacy"|"omemo2"}: publishes
      our own bundle again with a byte of its signed pre-key's signature
      flipped → {"event": "bad-bundle-published", "device_id"}
  A command that fails → {"event": "error", "id", "cmd", "reason"}.
Events that come by themselves:
  {"event": "ready", "jid", "device_id", "protocols"}
  {"event": "message", "from", "body", "encrypted", "protocol", "device", "stanza_id"}
  {"event": "undecryptable", "from", "protocol", "reason"}
  {"event": "devicelist", "jid", "protocol", "devices": [ids]}  (PEP notification)
  {"event": "message-error", "from", "stanza_id", "condition", "text"}  (a bounce)
  {"event": "error", "reason", ["cmd"]}

Only Debian's packages are used: python3-slixmpp for XMPP, python3-omemo
with python3-oldmemo and python3-twomemo for OMEMO (their etree helpers
need python3-xmlschema).
"""

import argparse
import asyncio
import base64
import ipaddress
import json
import logging
import os
import pathlib
import secrets
import sys
import tempfile
import xml.etree.ElementTree as ET
from typing import Any, Dict, Optional

import omemo
import oldmemo
import oldmemo.etree
import twomemo
import twomemo.etree
import slixmpp
from slixmpp.exceptions import IqError, IqTimeout
from slixmpp.plugins.xep_0004 import Form
from slixmpp.xmlstream.handler import CoroutineCallback
from slixmpp.xmlstream.matcher import MatchXPath

LEGACY_NS = oldmemo.oldmemo.NAMESPACE            # eu.siacs.conversations.axolotl
LEGACY_DEVICES_NODE = LEGACY_NS + ".devicelist"
LEGACY_BUNDLES_NODE = LEGACY_NS + ".bundles:{}"  # one node per device, item "current"
OMEMO2_NS = twomemo.twomemo.NAMESPACE            # urn:xmpp:omemo:2
OMEMO2_DEVICES_NODE = OMEMO2_NS + ":devices"
OMEMO2_BUNDLES_NODE = OMEMO2_NS + ":bundles"     # one item per device, id = device id
SCE_NS = "urn:xmpp:sce:1"
EME_NS = "urn:xmpp:eme:0"
HINTS_NS = "urn:xmpp:hints"
CLIENT_NS = "jabber:client"

PROTOCOL_NAMES = {LEGACY_NS: "legacy", OMEMO2_NS: "omemo2"}
PROTOCOL_NAMESPACES = {name: ns for ns, name in PROTOCOL_NAMES.items()}
FALLBACK_BODY = "This message is encrypted with OMEMO, which your client does not seem to support."
TRUSTED = "blindly-trusted"
IQ_TIMEOUT_S = 10

log = logging.getLogger("omemo-peer")


def emit(event: str, **fields: Any) -> None:
    """Writes one event line on stdout."""
    fields = {"event": event, **fields}
    sys.stdout.write(json.dumps(fields, ensure_ascii=True) + "\n")
    sys.stdout.flush()


class JsonFileStorage(omemo.Storage):
    """python-omemo's key-value storage, written through to one JSON file."""

    def __init__(self, path: pathlib.Path) -> None:
        super().__init__()
        self.__path = path
        self.__data: Dict[str, omemo.JSONType] = {}
        if path.exists():
            self.__data = json.loads(path.read_text(encoding="utf-8"))

    def __save(self) -> None:
        tmp = self.__path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.__data), encoding="utf-8")
        os.replace(tmp, self.__path)

    async def _load(self, key: str) -> omemo.Maybe[omemo.JSONType]:
        if key in self.__data:
            return omemo.Just(self.__data[key])
        return omemo.Nothing()

    async def _store(self, key: str, value: omemo.JSONType) -> None:
        self.__data[key] = value
        self.__save()

    async def _delete(self, key: str) -> None:
        if self.__data.pop(key, None) is not None:
            self.__save()


TAMPERINGS = ("other-device", "flip-key", "truncate-payload", "flip-tag")


def flip_last_byte(text: str) -> str:
    data = bytearray(base64.b64decode(text))
    data[-1] ^= 0x01
    return base64.b64encode(bytes(data)).decode("ascii")


def tamper_with(encrypted: ET.Element, how: str) -> None:
    """Alters an <encrypted/> element of either protocol (test-only)."""
    local = lambda element: element.tag.rsplit("}", 1)[-1]
    if how == "other-device":
        for key in (e for e in encrypted.iter() if local(e) == "key"):
            key.set("rid", str(int(key.get("rid")) % 0x7FFFFFFF + 1))
        return
    if how == "flip-key":
        for key in (e for e in encrypted.iter() if local(e) == "key"):
            key.text = flip_last_byte(key.text)
        return
    payload = next(e for e in encrypted.iter() if local(e) == "payload")
    if how == "truncate-payload":
        data = base64.b64decode(payload.text)
        payload.text = base64.b64encode(data[:len(data) // 2]).decode("ascii")
    elif how == "flip-tag":
        payload.text = flip_last_byte(payload.text)
    else:
        raise ValueError(f"unknown tampering {how!r}")


def publish_options(fields: Dict[str, str], form_type: str) -> Form:
    form = Form()
    form["type"] = "submit"
    form.add_field(var="FORM_TYPE", ftype="hidden", value=form_type)
    for var, value in fields.items():
        form.add_field(var=var, value=value)
    return form


def is_not_found(error: IqError) -> bool:
    return error.condition == "item-not-found"


def make_session_manager_class(client: "OmemoPeer") -> type:
    """A SessionManager bound to this client (python-omemo calls the XMPP
    hooks on the instance it creates itself, with no arguments)."""

    class PeerSessionManager(omemo.SessionManager):
        async def _upload_bundle(self, bundle: omemo.Bundle) -> None:
            client.bundles[bundle.namespace] = bundle  # for "publish-bad-bundle"
            try:
                if isinstance(bundle, oldmemo.oldmemo.BundleImpl):
                    await client.publish(LEGACY_BUNDLES_NODE.format(bundle.device_id), "current",
                                         oldmemo.etree.serialize_bundle(bundle), {})
                elif isinstance(bundle, twomemo.twomemo.BundleImpl):
                    await client.publish(OMEMO2_BUNDLES_NODE, str(bundle.device_id),
                                         twomemo.etree.serialize_bundle(bundle),
                                         {"pubsub#max_items": "max"})
                else:
                    raise omemo.UnknownNamespace(bundle.namespace)
            except (IqError, IqTimeout) as e:
                raise omemo.BundleUploadFailed(str(e)) from e

        async def _download_bundle(self, namespace: str, bare_jid: str,
                                   device_id: int) -> omemo.Bundle:
            try:
                if namespace == LEGACY_NS:
                    item = await client.fetch_item(bare_jid, LEGACY_BUNDLES_NODE.format(device_id),
                                                   None)
                elif namespace == OMEMO2_NS:
                    item = await client.fetch_item(bare_jid, OMEMO2_BUNDLES_NODE, str(device_id))
                else:
                    raise omemo.UnknownNamespace(namespace)
            except IqError as e:
                if is_not_found(e):
                    raise omemo.BundleNotFound(str(e)) from e
                raise omemo.BundleDownloadFailed(str(e)) from e
            except IqTimeout as e:
                raise omemo.BundleDownloadFailed(str(e)) from e
            if item is None:
                raise omemo.BundleNotFound(f"no bundle for {bare_jid}/{device_id}")
            try:
                if namespace == LEGACY_NS:
                    return oldmemo.etree.parse_bundle(item, bare_jid, device_id)
                return twomemo.etree.parse_bundle(item, bare_jid, device_id)
            except Exception as e:  # schema or base64 errors: the bundle is unusable
                raise omemo.BundleDownloadFailed(f"invalid bundle: {e}") from e

        async def _delete_bundle(self, namespace: str, device_id: int) -> None:
            try:
                if namespace == LEGACY_NS:
                    await client["xep_0060"].delete_node(
                        client.boundjid.bare, LEGACY_BUNDLES_NODE.format(device_id),
                        timeout=IQ_TIMEOUT_S)
                elif namespace == OMEMO2_NS:
                    await client["xep_0060"].retract(client.boundjid.bare, OMEMO2_BUNDLES_NODE,
                                                     str(device_id), notify=True,
                                                     timeout=IQ_TIMEOUT_S)
                else:
                    raise omemo.UnknownNamespace(namespace)
            except IqError as e:
                if not is_not_found(e):
                    raise omemo.BundleDeletionFailed(str(e)) from e
            except IqTimeout as e:
                raise omemo.BundleDeletionFailed(str(e)) from e

        async def _upload_device_list(self, namespace: str,
                                      device_list: Dict[int, Optional[str]]) -> None:
            try:
                if namespace == LEGACY_NS:
                    await client.publish(LEGACY_DEVICES_NODE, "current",
                                         oldmemo.etree.serialize_device_list(device_list), {})
                elif namespace == OMEMO2_NS:
                    await client.publish(OMEMO2_DEVICES_NODE, "current",
                                         twomemo.etree.serialize_device_list(device_list), {})
                else:
                    raise omemo.UnknownNamespace(namespace)
            except (IqError, IqTimeout) as e:
                raise omemo.DeviceListUploadFailed(str(e)) from e

        async def _download_device_list(self, namespace: str,
                                        bare_jid: str) -> Dict[int, Optional[str]]:
            node = {LEGACY_NS: LEGACY_DEVICES_NODE, OMEMO2_NS: OMEMO2_DEVICES_NODE}.get(namespace)
            if node is None:
                raise omemo.UnknownNamespace(namespace)
            try:
                item = await client.fetch_item(bare_jid, node, "current")
            except IqError as e:
                if is_not_found(e):
                    return {}
                raise omemo.DeviceListDownloadFailed(str(e)) from e
            except IqTimeout as e:
                raise omemo.DeviceListDownloadFailed(str(e)) from e
            if item is None:
                return {}
            try:
                if namespace == LEGACY_NS:
                    return oldmemo.etree.parse_device_list(item)
                return twomemo.etree.parse_device_list(item)
            except Exception as e:
                raise omemo.DeviceListDownloadFailed(f"invalid device list: {e}") from e

        async def _evaluate_custom_trust_level(
                self, device: omemo.DeviceInformation) -> omemo.TrustLevel:
            # Blind trust: whatever the stored name, every device is trusted.
            return omemo.TrustLevel.TRUSTED

        async def _make_trust_decision(self, undecided, identifier: Optional[str]) -> None:
            for device in undecided:
                await self.set_trust(device.bare_jid, device.identity_key, TRUSTED)

        async def _send_message(self, message: omemo.Message, bare_jid: str) -> None:
            # Empty messages the library sends by itself (session completion,
            # heartbeats): key material only, no body.
            client.send_encrypted(message, bare_jid, with_body=False)

    return PeerSessionManager


class OmemoPeer(slixmpp.ClientXMPP):
    def __init__(self, args: argparse.Namespace) -> None:
        super().__init__(args.jid, args.password)
        self.args = args
        self.namespaces = {"legacy": [LEGACY_NS], "omemo2": [OMEMO2_NS],
                           "both": [OMEMO2_NS, LEGACY_NS]}[args.protocols]
        self.session_manager: Optional[omemo.SessionManager] = None
        # Our bundles as last uploaded, by namespace.
        self.bundles: Dict[str, omemo.Bundle] = {}
        # Set once the session manager exists: what comes before waits for it.
        self.omemo_ready = asyncio.Event()
        # python-omemo is not meant for concurrent calls: one operation at a time.
        self.lock = asyncio.Lock()
        self.finished: asyncio.Future = asyncio.get_event_loop().create_future()
        if args.ca_file:
            self.ca_certs = pathlib.Path(args.ca_file)
        else:
            # Loopback only (checked in main()): the test server's self-signed
            # certificate is accepted as it is.
            self.ssl_context.check_hostname = False
            self.ssl_context.verify_mode = 0  # ssl.CERT_NONE

        for plugin in ("xep_0030", "xep_0060", "xep_0115", "xep_0163", "xep_0199"):
            self.register_plugin(plugin)

        self.add_event_handler("session_start", self.on_session_start)
        self.add_event_handler("message", self.on_plain_message)
        self.add_event_handler("message_error", self.on_message_error)
        self.add_event_handler("pubsub_publish", self.on_pubsub_publish)
        self.add_event_handler("disconnected", self.on_disconnected)
        self.add_event_handler("failed_auth", lambda _: self.fail("authentication failed"))
        self.add_event_handler("connection_failed", lambda e: self.fail(f"connection failed: {e}"))
        for ns in self.namespaces:
            self.register_handler(CoroutineCallback(
                f"OMEMO {ns}", MatchXPath(f"{{{CLIENT_NS}}}message/{{{ns}}}encrypted"),
                self.on_encrypted_message))

    # ---- connection ----

    async def get_dns_records(self, domain: str, port: Optional[int] = None):
        # The address given is the one to use: no resolution of the domain
        # (which may also resolve to ::1, where the test server is not).
        return [(domain, self.args.host, self.args.port)]

    def fail(self, reason: str) -> None:
        emit("error", reason=reason)
        if not self.finished.done():
            self.finished.set_result(1)

    def on_disconnected(self, reason: Any) -> None:
        if not self.finished.done():
            emit("error", reason=f"disconnected: {reason}")
            self.finished.set_result(1)

    async def on_session_start(self, _event: Any) -> None:
        try:
            # "+notify" in our caps: the server sends us our contacts' device
            # lists.  Disco features belong to a JID in slixmpp: they are set
            # for the bound one (added before binding, they are not served),
            # and the caps hash computed before the presence goes out.
            for ns in self.namespaces:
                node = LEGACY_DEVICES_NODE if ns == LEGACY_NS else OMEMO2_DEVICES_NODE
                self["xep_0030"].add_feature(f"{node}+notify")
            self["xep_0030"].add_feature(EME_NS)
            await self["xep_0115"].update_caps(broadcast=False)
            self.send_presence()
            await self.get_roster(timeout=IQ_TIMEOUT_S)
            storage = JsonFileStorage(pathlib.Path(self.args.data_dir) / "omemo.json")
            backends = [oldmemo.Oldmemo(storage) if ns == LEGACY_NS else twomemo.Twomemo(storage)
                        for ns in self.namespaces]
            async with self.lock:
                self.session_manager = await make_session_manager_class(self).create(
                    backends, storage, self.boundjid.bare, "omemo-peer", TRUSTED)
                # Live messages only: no catch-up to wait for.
                await self.session_manager.after_history_sync()
                own, _ = await self.session_manager.get_own_device_information()
            self.omemo_ready.set()
            emit("ready", jid=self.boundjid.full, device_id=own.device_id,
                 protocols=[PROTOCOL_NAMES[ns] for ns in self.namespaces])
        except Exception as e:
            log.exception("OMEMO set-up failed")
            self.fail(f"OMEMO set-up failed: {type(e).__name__}: {e}")

    # ---- PEP ----

    async def publish(self, node: str, item_id: str, payload: ET.Element,
                      options: Dict[str, str]) -> None:
        """Publishes to our PEP with an open access model; when the node
        exists with another configuration, reconfigures it and tries again
        (XEP-0384 §5.3)."""
        options = {"pubsub#access_model": "open", **options}
        try:
            await self["xep_0060"].publish(
                self.boundjid.bare, node, id=item_id, payload=payload,
                options=publish_options(options,
                                        "http://jabber.org/protocol/pubsub#publish-options"),
                timeout=IQ_TIMEOUT_S)
        except IqError as e:
            if e.condition != "conflict" and "precondition-not-met" not in str(e.iq):
                raise
            await self["xep_0060"].set_node_config(
                self.boundjid.bare, node,
                publish_options(options, "http://jabber.org/protocol/pubsub#node_config"),
                timeout=IQ_TIMEOUT_S)
            await self["xep_0060"].publish(self.boundjid.bare, node, id=item_id,
                                           payload=payload, timeout=IQ_TIMEOUT_S)

    async def fetch_item(self, jid: str, node: str, item_id: Optional[str]) -> Optional[ET.Element]:
        """The payload of one item of a PEP node (the last one without an id)."""
        if item_id is None:
            iq = await self["xep_0060"].get_items(jid, node, max_items=1, timeout=IQ_TIMEOUT_S)
        else:
            iq = await self["xep_0060"].get_items(jid, node, item_ids=[item_id],
                                                  timeout=IQ_TIMEOUT_S)
        for item in iq["pubsub"]["items"]:
            if item_id is None or item["id"] == item_id:
                return item["payload"]
        return None

    async def on_pubsub_publish(self, msg: slixmpp.Message) -> None:
        node = msg["pubsub_event"]["items"]["node"]
        namespace = {LEGACY_DEVICES_NODE: LEGACY_NS, OMEMO2_DEVICES_NODE: OMEMO2_NS}.get(node)
        if namespace not in self.namespaces:
            return
        await self.omemo_ready.wait()
        jid = msg["from"].bare or self.boundjid.bare
        for item in msg["pubsub_event"]["items"]:
            payload = item["payload"]
            if payload is None:
                continue
            try:
                if namespace == LEGACY_NS:
                    devices = oldmemo.etree.parse_device_list(payload)
                else:
                    devices = twomemo.etree.parse_device_list(payload)
                async with self.lock:
                    await self.session_manager.update_device_list(namespace, jid, devices)
            except Exception as e:
                emit("error", reason=f"device list of {jid} not usable: {type(e).__name__}: {e}")
                continue
            emit("devicelist", jid=jid, protocol=PROTOCOL_NAMES[namespace],
                 devices=sorted(devices.keys()))

    # ---- messages ----

    def send_encrypted(self, message: omemo.Message, bare_jid: str, with_body: bool,
                       tamper: Optional[str] = None) -> None:
        """A chat message carrying `message`, with what Conversations sends
        beside the <encrypted/> element for legacy OMEMO: an EME hint, a
        fallback body for clients without OMEMO, and a storage hint.
        `tamper`: how to alter the <encrypted/> first (see "send")."""
        stanza = self.make_message(mto=bare_jid, mtype="chat")
        if message.namespace == LEGACY_NS:
            encrypted = oldmemo.etree.serialize_message(message)
        else:
            encrypted = twomemo.etree.serialize_message(message)
        if tamper is not None:
            tamper_with(encrypted, tamper)
        stanza.xml.append(encrypted)
        if with_body:
            stanza["body"] = FALLBACK_BODY
            ET.SubElement(stanza.xml, f"{{{EME_NS}}}encryption",
                          {"namespace": message.namespace, "name": "OMEMO"})
        ET.SubElement(stanza.xml, f"{{{HINTS_NS}}}store")
        stanza.send()

    def sce_envelope(self, body: str) -> bytes:
        """OMEMO 2's plaintext: an XEP-0420 envelope with the body, random
        padding and the sender (XEP-0384 §4.4)."""
        envelope = ET.Element(f"{{{SCE_NS}}}envelope")
        content = ET.SubElement(envelope, f"{{{SCE_NS}}}content")
        ET.SubElement(content, f"{{{CLIENT_NS}}}body").text = body
        ET.SubElement(envelope, f"{{{SCE_NS}}}rpad").text = \
            base64.b64encode(secrets.token_bytes(1 + secrets.randbelow(32))).decode("ascii")
        ET.SubElement(envelope, f"{{{SCE_NS}}}from", {"jid": self.boundjid.bare})
        return ET.tostring(envelope, encoding="utf-8")

    @staticmethod
    def parse_sce_envelope(plaintext: bytes, sender: str) -> str:
        envelope = ET.fromstring(plaintext)
        if envelope.tag != f"{{{SCE_NS}}}envelope":
            raise ValueError(f"not an SCE envelope: {envelope.tag}")
        from_elt = envelope.find(f"{{{SCE_NS}}}from")
        if from_elt is not None and from_elt.get("jid") != sender:
            raise ValueError(f"SCE <from/> is {from_elt.get('jid')}, the stanza is from {sender}")
        body = envelope.find(f"{{{SCE_NS}}}content/{{{CLIENT_NS}}}body")
        if body is None:
            raise ValueError("SCE envelope without a body")
        return body.text or ""

    async def on_encrypted_message(self, msg: slixmpp.Message) -> None:
        sender = msg["from"].bare
        for namespace in self.namespaces:
            element = msg.xml.find(f"{{{namespace}}}encrypted")
            if element is not None:
                break
        else:
            return
        protocol = PROTOCOL_NAMES[namespace]
        await self.omemo_ready.wait()
        try:
            async with self.lock:
                if namespace == LEGACY_NS:
                    message = await oldmemo.etree.parse_message(
                        element, sender, self.boundjid.bare, self.session_manager)
                else:
                    message = twomemo.etree.parse_message(element, sender)
                plaintext, device, _ = await self.session_manager.decrypt(message)
            if plaintext is None:
                log.info("empty OMEMO message from %s/%d", sender, device.device_id)
                return
            if namespace == LEGACY_NS:
                body = plaintext.decode("utf-8")
            else:
                body = self.parse_sce_envelope(plaintext, sender)
        except Exception as e:
            log.info("undecryptable message from %s", msg["from"], exc_info=True)
            emit("undecryptable", **{"from": msg["from"].full}, protocol=protocol,
                 reason=f"{type(e).__name__}: {e}")
            return
        emit("message", **{"from": msg["from"].full}, body=body, encrypted=True,
             protocol=protocol, device=device.device_id, stanza_id=msg["id"])

    def on_plain_message(self, msg: slixmpp.Message) -> None:
        if msg["type"] not in ("chat", "normal"):
            return
        if any(msg.xml.find(f"{{{ns}}}encrypted") is not None for ns in PROTOCOL_NAMES):
            return  # handled (or deliberately ignored) by on_encrypted_message
        emit("message", **{"from": msg["from"].full}, body=msg["body"], encrypted=False,
             stanza_id=msg["id"])

    def on_message_error(self, msg: slixmpp.Message) -> None:
        emit("message-error", **{"from": msg["from"].full}, stanza_id=msg["id"],
             condition=msg["error"]["condition"], text=msg["error"]["text"])

    async def send_body(self, to: str, body: str, protocol: str,
                        tamper: Optional[str] = None) -> list:
        namespace = PROTOCOL_NAMESPACES.get(protocol)
        if namespace not in self.namespaces:
            raise ValueError(f"protocol {protocol!r} is not enabled here")
        if self.session_manager is None:
            raise RuntimeError("not ready yet")
        plaintext = body.encode("utf-8") if namespace == LEGACY_NS else self.sce_envelope(body)
        async with self.lock:
            # Do not depend on a PEP notification having come already.
            await self.session_manager.refresh_device_list(namespace, to)
            messages, errors = await self.session_manager.encrypt(
                frozenset({to}), {namespace: plaintext}, [namespace])
        for error in errors:
            log.warning("not encrypted for %s/%d: %s", error.bare_jid, error.device_id,
                        error.exception)
        devices = []
        for message in messages:
            self.send_encrypted(message, to, with_body=True, tamper=tamper)
            devices += [key.device_id for key, _ in message.keys]
        return sorted(devices)

    async def publish_bad_bundle(self, protocol: str) -> int:
        """Publishes our last bundle again with its signed pre-key's
        signature spoiled (test-only: a forged bundle)."""
        namespace = PROTOCOL_NAMESPACES.get(protocol)
        bundle = self.bundles.get(namespace)
        if bundle is None:
            raise ValueError(f"no {protocol} bundle published here")
        if namespace == LEGACY_NS:
            element = oldmemo.etree.serialize_bundle(bundle)
            signature = element.find(f"{{{LEGACY_NS}}}signedPreKeySignature")
            node, item_id, options = LEGACY_BUNDLES_NODE.format(bundle.device_id), "current", {}
        else:
            element = twomemo.etree.serialize_bundle(bundle)
            signature = element.find(f"{{{OMEMO2_NS}}}spks")
            node, item_id = OMEMO2_BUNDLES_NODE, str(bundle.device_id)
            options = {"pubsub#max_items": "max"}
        signature.text = flip_last_byte(signature.text)
        async with self.lock:
            await self.publish(node, item_id, element, options)
        return bundle.device_id

    # ---- commands ----

    async def run_command(self, command: Dict[str, Any]) -> bool:
        """Runs one command; FALSE when it was "quit"."""
        name = command.get("cmd")
        echo = {"id": command["id"]} if "id" in command else {}
        try:
            if name == "send":
                tamper = command.get("tamper")
                if tamper is not None and tamper not in TAMPERINGS:
                    raise ValueError(f"unknown tampering {tamper!r}")
                devices = await self.send_body(str(command["to"]), str(command["body"]),
                                               str(command.get("protocol", "omemo2")), tamper)
                emit("sent", **echo, to=command["to"], protocol=command.get("protocol", "omemo2"),
                     devices=devices)
            elif name == "devices":
                jid = str(command["jid"])
                async with self.lock:
                    for namespace in self.namespaces:
                        await self.session_manager.refresh_device_list(namespace, jid)
                    info = await self.session_manager.get_device_information(jid)
                emit("devices", **echo, jid=jid, devices=[
                    {"id": d.device_id,
                     "protocols": sorted(PROTOCOL_NAMES.get(ns, ns) for ns in d.namespaces
                                         if dict(d.active).get(ns))}
                    for d in sorted(info, key=lambda d: d.device_id)])
            elif name == "raw":
                self.send_raw(str(command["xml"]))
                emit("raw-sent", **echo)
            elif name == "publish-bad-bundle":
                device_id = await self.publish_bad_bundle(str(command.get("protocol", "omemo2")))
                emit("bad-bundle-published", **echo, device_id=device_id)
            elif name == "ping":
                await self["xep_0199"].ping(self.boundjid.domain, timeout=IQ_TIMEOUT_S)
                emit("pong", **echo)
            elif name == "quit":
                emit("bye", **echo)
                return False
            else:
                emit("error", **echo, cmd=name, reason="unknown command")
        except Exception as e:
            log.info("command %s failed", name, exc_info=True)
            emit("error", **echo, cmd=name, reason=f"{type(e).__name__}: {e}")
        return True


async def read_commands(peer: OmemoPeer) -> None:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=1 << 20)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while True:
        line = await reader.readline()
        if not line:
            break  # stdin closed: the driver has gone
        line = line.strip()
        if not line:
            continue
        try:
            command = json.loads(line)
            if not isinstance(command, dict):
                raise ValueError("a command is a JSON object")
        except ValueError as e:
            log.warning("bad command line %r", line)
            emit("error", reason=f"bad command line: {e}")
            continue
        # Commands run one after the other, in the order given.
        if not await peer.run_command(command):
            break
    if not peer.finished.done():
        peer.finished.set_result(0)


async def run(args: argparse.Namespace) -> int:
    peer = OmemoPeer(args)
    peer.connect(address=(args.host, args.port))
    commands = asyncio.ensure_future(read_commands(peer))
    status = await peer.finished
    commands.cancel()
    if peer.is_connected():
        peer.disconnect(wait=1.0)
        try:
            await asyncio.wait_for(peer.disconnected, 2.0)
        except asyncio.TimeoutError:
            pass
    return status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jid", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5222)
    parser.add_argument("--protocols", choices=("legacy", "omemo2", "both"), default="both")
    parser.add_argument("--data-dir", help="where the OMEMO state is kept (default: a new "
                        "temporary directory)")
    parser.add_argument("--ca-file", help="PEM certificate to verify the server with "
                        "(default: accept any, which is allowed on loopback only)")
    parser.add_argument("--debug", action="store_true", help="log everything on stderr")
    args = parser.parse_args()

    try:
        if not ipaddress.ip_address(args.host).is_loopback:
            parser.error("this is a test peer: --host must be a loopback address")
    except ValueError:
        parser.error("--host must be an IP address (loopback)")
    if args.data_dir is None:
        args.data_dir = tempfile.mkdtemp(prefix="omemo-peer-")
    os.makedirs(args.data_dir, exist_ok=True)
    logging.basicConfig(stream=sys.stderr,
                        level=logging.DEBUG if args.debug else logging.WARNING,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        return loop.run_until_complete(run(args))
    finally:
        # slixmpp's and python-omemo's background tasks (output filters, the
        # signed pre key rotation) end with the loop, not before it.
        pending = asyncio.all_tasks(loop)
        for task in pending:
            task.cancel()
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()


if __name__ == "__main__":
    sys.exit(main())

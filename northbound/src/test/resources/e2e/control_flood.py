"""A hostile tenant's flood of DHCP DISCOVERs and ARP requests out of one interface, from its own MAC and IP
(so port security lets it in and only a rate limit can stop it). ARP asks for addresses nobody holds, the
kind that is flooded to the whole network. Paced to RATE packets per second of each kind for SECONDS;
prints what it sent: `sent DHCP_COUNT dhcp ARP_COUNT arp in SECONDS s`.

usage: control_flood.py IFACE MAC IP RATE SECONDS
"""
import os
import socket
import struct
import sys
import time

iface, mac_text, ip_text, rate, seconds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5])
mac = bytes.fromhex(mac_text.replace(":", ""))
ip = socket.inet_aton(ip_text)
BROADCAST = b"\xff" * 6


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    total = (total >> 16) + (total & 0xFFFF)
    return ~(total + (total >> 16)) & 0xFFFF


def dhcp_discover(xid):
    bootp = struct.pack("!BBBBIHH4s4s4s4s16s64s128s", 1, 1, 6, 0, xid, 0, 0x8000, b"\0" * 4, b"\0" * 4,
                        b"\0" * 4, b"\0" * 4, mac + b"\0" * 10, b"\0" * 64, b"\0" * 128)
    options = b"\x63\x82\x53\x63" + b"\x35\x01\x01" + b"\xff"
    payload = bootp + options
    udp = struct.pack("!HHHH", 68, 67, 8 + len(payload), 0) + payload
    header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0, b"\0" * 4, b"\xff" * 4)
    header = header[:10] + struct.pack("!H", checksum(header)) + header[12:]
    return BROADCAST + mac + b"\x08\x00" + header + udp


def arp_request(target):
    arp = struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, 1, mac, ip, b"\0" * 6, target)
    return BROADCAST + mac + b"\x08\x06" + arp


sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
sock.bind((iface, 0))
prefix = ip[:3]
batch = max(1, rate // 100)
sent_dhcp = sent_arp = 0
start = time.monotonic()
tick = start
while time.monotonic() - start < seconds:
    for _ in range(batch):
        sock.send(dhcp_discover(int.from_bytes(os.urandom(4), "big")))
        sent_dhcp += 1
        # .200-.249: addresses no port holds, so every request goes to the flood group if it gets through
        sock.send(arp_request(prefix + bytes([200 + sent_arp % 50])))
        sent_arp += 1
    tick += batch / rate
    pause = tick - time.monotonic()
    if pause > 0:
        time.sleep(pause)
elapsed = time.monotonic() - start
print("sent %d dhcp %d arp in %.2f s" % (sent_dhcp, sent_arp, elapsed), flush=True)

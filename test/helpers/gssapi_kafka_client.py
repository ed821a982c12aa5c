# A scripted Kafka SASL/GSSAPI client (python3-gssapi + raw SaslHandshake v1 / SaslAuthenticate v1)
# for tests that need to send what librdkafka never would: a chosen security layer, an authzid,
# data where the server expects none. Usage: host port layer authzid extra_offer_bytes reply_len
# Prints one JSON line per SaslAuthenticate answer: {"step": n, "error": code, "message": text}.
import base64, json, socket, struct, sys
import gssapi

host, port, layer, authzid, extra, reply_len = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5], int(sys.argv[6])
sock = socket.create_connection((host, port))
corr = 0

def request(api, body):
    global corr
    corr += 1
    cid = b"gssapi-script"
    msg = struct.pack(">hhih", api, 1, corr, len(cid)) + cid + body
    sock.sendall(struct.pack(">i", len(msg)) + msg)
    size = struct.unpack(">i", recv(4))[0]
    return recv(size)

def recv(n):
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise EOFError("closed")
        buf += chunk
    return buf

def authenticate(step, token):
    r = request(36, struct.pack(">i", len(token)) + token)
    err = struct.unpack(">h", r[4:6])[0]
    mlen = struct.unpack(">h", r[6:8])[0]
    msg = r[8:8 + mlen].decode() if mlen >= 0 else None
    off = 8 + max(mlen, 0)
    blen = struct.unpack(">i", r[off:off + 4])[0]
    print(json.dumps({"step": step, "error": err, "message": msg}), flush=True)
    if err != 0:
        sys.exit(0)
    return r[off + 4:off + 4 + blen]

mech = b"GSSAPI"
request(17, struct.pack(">h", len(mech)) + mech)
ctx = gssapi.SecurityContext(name=gssapi.Name("kafka@localhost", gssapi.NameType.hostbased_service), usage="initiate",
                             mech=gssapi.MechType.kerberos, flags=[gssapi.RequirementFlag.mutual_authentication])
server = authenticate(1, ctx.step())
ctx.step(server)
offer = ctx.unwrap(authenticate(2, extra.encode())).message
reply = bytes([layer]) + offer[1:4] + authzid.encode()
authenticate(3, ctx.wrap(reply[:reply_len] if reply_len >= 0 else reply, False).message)

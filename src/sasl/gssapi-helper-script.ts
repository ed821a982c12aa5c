/**
 * The GSS-API acceptor that runs in a small helper process (Debian's python3-gssapi, a binding of
 * MIT libgssapi_krb5). Why a helper: Kafka's GSSAPI exchange (RFC 4752) needs gss_wrap and
 * gss_unwrap on the server side after the context completes; the npm `kerberos` binding's
 * KerberosServer offers only step()/username, so no Node binding here can finish the exchange.
 *
 * Protocol: one JSON object per line on stdin, one answer per line on stdout, in order.
 *   start: {"ready":true} | {"ready":false,"error":"..."} (acceptor credentials not usable)
 *   {"id":n,"op":"accept","ctx":c,"token":b64} -> {"id":n,"ok":true,"token":b64,"complete":bool,"peer":"user@REALM"}
 *   {"id":n,"op":"wrap","ctx":c,"data":b64}    -> {"id":n,"ok":true,"token":b64}
 *   {"id":n,"op":"unwrap","ctx":c,"token":b64} -> {"id":n,"ok":true,"data":b64}
 *   {"id":n,"op":"end","ctx":c}                -> {"id":n,"ok":true}
 *   any failure                                 -> {"id":n,"ok":false,"error":"...","minor":krb5 code or 0}
 * Bounds: at most argv[2] live contexts; contexts older than argv[3] seconds are dropped first
 * (an abandoned attempt cannot pin memory). The keytab comes from KRB5_KTNAME in the environment.
 */
export const GSSAPI_HELPER_SCRIPT = String.raw`
import base64, json, sys, time
import gssapi

def out(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()

def main():
    principal, max_ctx, ttl = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    try:
        name = gssapi.Name(principal, gssapi.NameType.kerberos_principal)
        creds = gssapi.Credentials(name=name, usage="accept", mechs=[gssapi.MechType.kerberos])
    except Exception as e:
        out({"ready": False, "error": str(e)})
        return 1
    out({"ready": True})
    ctxs = {}
    for line in sys.stdin:
        req = json.loads(line)
        rid, op, cid = req.get("id"), req.get("op"), str(req.get("ctx"))
        try:
            now = time.monotonic()
            for k in [k for k, v in ctxs.items() if now - v[1] > ttl]:
                del ctxs[k]
            if op == "accept":
                entry = ctxs.get(cid)
                if entry is None:
                    if len(ctxs) >= max_ctx:
                        raise RuntimeError("too many GSS-API contexts in progress")
                    entry = (gssapi.SecurityContext(creds=creds, usage="accept"), now)
                    ctxs[cid] = entry
                ctx = entry[0]
                token = ctx.step(base64.b64decode(req["token"])) or b""
                peer = str(ctx.initiator_name) if ctx.complete else None
                out({"id": rid, "ok": True, "token": base64.b64encode(token).decode(), "complete": ctx.complete, "peer": peer})
            elif op == "wrap":
                msg = ctxs[cid][0].wrap(base64.b64decode(req["data"]), False).message
                out({"id": rid, "ok": True, "token": base64.b64encode(msg).decode()})
            elif op == "unwrap":
                msg = ctxs[cid][0].unwrap(base64.b64decode(req["token"])).message
                out({"id": rid, "ok": True, "data": base64.b64encode(msg).decode()})
            elif op == "end":
                ctxs.pop(cid, None)
                out({"id": rid, "ok": True})
            else:
                raise RuntimeError("unknown op")
        except KeyError:
            out({"id": rid, "ok": False, "error": "no such GSS-API context (expired or never started)"})
        except Exception as e:
            ctxs.pop(cid, None)
            out({"id": rid, "ok": False, "error": " ".join(str(e).split()), "minor": getattr(e, "min_code", 0) or 0})
    return 0

sys.exit(main())
`;

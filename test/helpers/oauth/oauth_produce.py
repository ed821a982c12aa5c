# librdkafka (Debian 2.0.2, built without libcurl, so no sasl.oauthbearer.method=oidc) logging in
# with SASL/OAUTHBEARER through confluent_kafka's oauth_cb: the callback does the OIDC client
# credentials grant against the test's token endpoint (what method=oidc would do) and hands the
# token to librdkafka, which runs the KIP-255 exchange. Produces argv[5] messages, prints JSON.
import base64, json, sys, time, urllib.request
from confluent_kafka import Producer

bootstrap, topic, token_url, client, secret, count = sys.argv[1:7]
fetched = 0

def oauth_cb(_config):
    global fetched
    req = urllib.request.Request(token_url, data=b'grant_type=client_credentials', method='POST')
    req.add_header('Authorization', 'Basic ' + base64.b64encode(f'{client}:{secret}'.encode()).decode())
    req.add_header('Content-Type', 'application/x-www-form-urlencoded')
    with urllib.request.urlopen(req, timeout=10) as res:
        doc = json.load(res)
    fetched += 1
    payload = json.loads(base64.urlsafe_b64decode(doc['access_token'].split('.')[1] + '=='))
    return doc['access_token'], float(payload['exp'])

errors = []
p = Producer({'bootstrap.servers': bootstrap, 'security.protocol': 'sasl_plaintext', 'sasl.mechanisms': 'OAUTHBEARER',
              'oauth_cb': oauth_cb, 'error_cb': lambda e: errors.append(str(e)), 'message.timeout.ms': 15000})
delivered = 0
def on_delivery(err, _msg):
    global delivered
    if err is None: delivered += 1
    else: errors.append(str(err))
for i in range(int(count)):
    p.produce(topic, value=f'oauth-{i}'.encode(), partition=0, on_delivery=on_delivery)
p.flush(20)
print(json.dumps({'delivered': delivered, 'tokensFetched': fetched, 'errors': errors[:5]}))

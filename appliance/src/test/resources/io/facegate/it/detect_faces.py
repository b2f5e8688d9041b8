# DetectFaces through boto3 against a facegate endpoint; prints one JSON line with the outcome.
# Usage: python3 -c "$(cat detect_faces.py)" ENDPOINT bytes FILE [ATTRIBUTE...]
#        python3 -c "$(cat detect_faces.py)" ENDPOINT s3 BUCKET NAME [ATTRIBUTE...]
# Environment: FACEGATE_MAX_ATTEMPTS (default 1: no retries), FACEGATE_RETRY_MODE (legacy, boto3's default, or
# standard), FACEGATE_S3_VERSION (sets S3Object.Version).
import json
import os
import sys

import boto3
import botocore
from botocore.config import Config

endpoint, source = sys.argv[1], sys.argv[2]
if source == "bytes":
    with open(sys.argv[3], "rb") as f:
        image = {"Bytes": f.read()}
    attributes = sys.argv[4:]
else:
    image = {"S3Object": {"Bucket": sys.argv[3], "Name": sys.argv[4]}}
    if os.environ.get("FACEGATE_S3_VERSION"):
        image["S3Object"]["Version"] = os.environ["FACEGATE_S3_VERSION"]
    attributes = sys.argv[5:]

client = boto3.client(
    "rekognition",
    endpoint_url=endpoint,
    region_name="us-east-1",
    aws_access_key_id=os.environ.get("AWS_ACCESS_KEY_ID", "AKIDFACEGATETEST"),
    aws_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY", "facegate-test-secret"),
    config=Config(retries={
        "total_max_attempts": int(os.environ.get("FACEGATE_MAX_ATTEMPTS", "1")),
        "mode": os.environ.get("FACEGATE_RETRY_MODE", "legacy"),
    }),
)
kwargs = {"Image": image}
if attributes:
    kwargs["Attributes"] = attributes
try:
    response = client.detect_faces(**kwargs)
    print(json.dumps({
        "ok": True,
        "status": response["ResponseMetadata"]["HTTPStatusCode"],
        "requestId": response["ResponseMetadata"].get("RequestId"),
        "faces": response["FaceDetails"],
        "attempts": response["ResponseMetadata"].get("RetryAttempts", 0) + 1,
    }))
except botocore.exceptions.ClientError as e:
    print(json.dumps({
        "ok": False,
        "status": e.response["ResponseMetadata"]["HTTPStatusCode"],
        "requestId": e.response["ResponseMetadata"].get("RequestId"),
        "code": e.response["Error"]["Code"],
        "message": e.response["Error"]["Message"],
        "exceptionClass": type(e).__name__,
        "attempts": e.response["ResponseMetadata"].get("RetryAttempts", 0) + 1,
    }))

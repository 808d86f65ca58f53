"""The built-in format table, generated from formats/*.toml by ``make mapping``
(python -m awslogparse.mapgen). Do not edit: change the spec and regenerate."""

# In detection order (a spec's `rank`, then name): name, title, parser module, aliases,
# S3 key / file name patterns, spec file name.
FORMATS: tuple[tuple[str, str, str, tuple[str, ...], tuple[str, ...], str], ...] = (
    ('vpcflow', 'Amazon VPC Flow Logs',
     'awslogparse.parsers.flowlog',
     ('vpc', 'vpc-flow-logs', 'vpcflowlogs', 'flowlogs'),
     (
      'AWSLogs/(?:o-[a-z0-9]{10,32}/)?\\d{12}/vpcflowlogs/',
      'aws-account-id=\\d{12}/(?:aws-)?service=vpcflowlogs/',
      '(?:^|/)\\d{12}_vpcflowlogs_[a-z0-9-]+_fl-[0-9a-f]+_\\d{8}T\\d{4}Z_[0-9a-f]+\\.log(?:\\.gz)?$',
     ),
     'vpcflow'),
    ('tgwflow', 'AWS Transit Gateway Flow Logs',
     'awslogparse.parsers.flowlog',
     ('tgw', 'tgw-flow-logs', 'transit-gateway-flow-logs'),
     (
      'AWSLogs/(?:o-[a-z0-9]{10,32}/)?\\d{12}/vpcflowlogs/',
      'aws-account-id=\\d{12}/(?:aws-)?service=vpcflowlogs/',
      '(?:^|/)\\d{12}_vpcflowlogs_[a-z0-9-]+_fl-[0-9a-f]+_\\d{8}T\\d{4}Z_[0-9a-f]+\\.log(?:\\.gz)?$',
     ),
     'tgwflow'),
)

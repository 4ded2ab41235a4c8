"""The core: what news, press and accreditations share, knowing none of them.

Publishing and its workflow and versions, fields, the sanitiser, images, search, caching and the
HTTP cache's keys, shared views and error pages. It imports Django and third-party code only:
apps register what it needs (search kinds, schedules, purge keys, savers) in their AppConfig.
"""

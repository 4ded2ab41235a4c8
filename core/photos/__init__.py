"""The photo library (« Photothèque »): images kept once, with their texts and a focal point.

Articles and releases point at a library image for their lead image; bodies embed one by
reference (``<figure data-image="PK"></figure>``, expanded on output by ``embed.expand_images``).
The library knows no content app: what uses an image is found through the relations and the
rich-text fields Django lists.
"""

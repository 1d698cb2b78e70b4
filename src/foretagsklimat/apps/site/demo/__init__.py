"""Loading the synthetic demo into every app: published years, the open survey round,
the operator's account, and the demo workspaces with their visits, support and goals.

Every row these loaders write is marked synthetic; the generator itself lives in the pure
package :mod:`foretagsklimat.demo`.
"""

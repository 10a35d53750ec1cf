// jetwt as an ES module: the same instance as the CommonJS entry (index.js), re-exported by name.
import jetwt from './index.js'

export const {
  encode,
  decode,
  decodeHeader,
  verify,
  encodeAsync,
  verifyAsync,
  Key,
  KeySet,
  RemoteKeySet,
  remoteKeySet,
  Signer,
  Verifier,
  JwtError,
  DecodeError,
  InvalidAlgorithmError,
  InvalidKeyError,
  InvalidSignatureError,
  ExpiredSignatureError,
  ImmatureSignatureError,
  InvalidAudienceError,
  InvalidIssuerError,
  InvalidSubjectError,
  InvalidTypeError,
  MissingRequiredClaimError,
  InvalidClaimError,
  KeyNotFoundError,
} = jetwt

export default jetwt

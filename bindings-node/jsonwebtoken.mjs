// `import jwt from 'jetwt/jsonwebtoken'` (or its named exports): the same instance as the CommonJS module
// (jsonwebtoken.js), as `import jwt from 'jsonwebtoken'` gives jsonwebtoken's module.exports.
import jwt from './jsonwebtoken.js'

export const { decode, verify, sign, JsonWebTokenError, NotBeforeError, TokenExpiredError } = jwt

export default jwt

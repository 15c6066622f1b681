import { expect, test } from 'vitest'
import { networkOf } from './client-address.js'

test('an IPv4 address is its own network, also when mapped into IPv6', () => {
  expect(networkOf('203.0.113.9')).toBe('203.0.113.9')
  expect(networkOf('::ffff:203.0.113.9')).toBe('203.0.113.9')
})

test('IPv6 addresses of one /64 network are one network, however they are written', () => {
  const network = '2001:db8:1:2::/64'
  expect(networkOf('2001:db8:1:2::1')).toBe(network)
  expect(networkOf('2001:0db8:0001:0002:ffff:0:0:9')).toBe(network)
  expect(networkOf('2001:DB8:1:2:aaaa:bbbb:cccc:dddd')).toBe(network)
  expect(networkOf('fe80::1%eth0')).toBe('fe80:0:0:0::/64')
  expect(networkOf('2001:db8:1:3::1')).not.toBe(network)
  expect(networkOf('2001:db8::1')).toBe('2001:db8:0:0::/64')
})
